package io.racewatch.detect;

import io.racewatch.runtime.Faults;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.TimerTask;

/**
 * Whether a periodic task is built to notice its owner's collection: one of its own fields holds a
 * {@link Reference} that is cleared now. Holding the owner weakly is how a task avoids keeping it
 * alive, and such a task looks at the reference at each run and cancels itself (or its timer, its
 * future, its executor) once it is cleared (Hadoop's DecayRpcScheduler.DecayTask). Asked only at
 * exit, of a task whose owner was collected and that has had no run since: the run that would have
 * decided never came. A {@code TimerTask} and an executor's {@code Runnable} are asked alike.
 */
final class OwnerWatchers {
    private OwnerWatchers() {
    }

    /**
     * True when {@code task}, the application's timer task or executor task ({@code ScheduledTask.ownTask()}),
     * holds a cleared reference in a field of its own (a lambda's captured values are its fields).
     */
    static boolean watchesItsOwner(Object task) {
        if (task == null || task instanceof Reference<?>) {
            return false;
        }
        try {
            for (Class<?> c = task.getClass(); c != TimerTask.class && c != Object.class && c != null; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive() && f.trySetAccessible()
                        && f.get(task) instanceof Reference<?> r && r.refersTo(null)) {
                        return true;
                    }
                }
            }
        } catch (Throwable failure) {
            Faults.report("timer task's fields", failure);
        }
        return false;
    }
}
