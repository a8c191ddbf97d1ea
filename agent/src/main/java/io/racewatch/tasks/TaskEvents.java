package io.racewatch.tasks;

import java.util.List;

/**
 * What task tracking tells the detector of tasks that outlive their owners. The detector
 * installs itself here at start-up ({@link ScheduledTasks#reportTo}), so this package never
 * depends on it; until then nothing is reported.
 */
public interface TaskEvents {
    /** Reports nothing: the state before the detector is installed. */
    TaskEvents NONE = new TaskEvents() {
        @Override
        public void ownerClosed(List<ScheduledTask> tasks, Closed closed) {
        }

        @Override
        public void ranAfterClose(TaskRun run, Closed closed) {
        }

        @Override
        public void ownerCollected(ScheduledTask task) {
        }

        @Override
        public void ranAfterOwnerCollected(ScheduledTask task) {
        }

        @Override
        public void stillScheduledAtExit(ScheduledTask task, Closed closed) {
        }
    };

    /** The owner's outermost lifecycle-end method returned; {@code tasks} are its live tasks. */
    void ownerClosed(List<ScheduledTask> tasks, Closed closed);

    /** A run touched its owner's state after {@code closed}, or began after it and ended without touching anything seen. */
    void ranAfterClose(TaskRun run, Closed closed);

    /** The task's owner was collected. */
    void ownerCollected(ScheduledTask task);

    /** A run of the periodic task that began after its owner was collected has ended: the run that could cancel it. */
    void ranAfterOwnerCollected(ScheduledTask task);

    /** At exit the task is still scheduled and its owner has closed. */
    void stillScheduledAtExit(ScheduledTask task, Closed closed);
}
