package io.racewatch.detect;

import io.racewatch.runtime.Faults;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.TimerTask;

/**
 * Whether a timer task is built to notice its owner's collection: one of its own fields holds a
 * {@link Reference} that is cleared now. Holding the owner weakly is how a task avoids keeping it
 * alive, and such a task looks at the reference at each run and cancels itself (or its timer) once it
 * is cleared (Hadoop's DecayRpcScheduler.DecayTask). Asked only at exit, of a task whose owner was
 * collected and that has had no run since: the run that would have decided never came.
 */
final class OwnerWatchers {
    private OwnerWatchers() {
    }

    /** True when {@code task} is an application's timer task holding a cleared reference in a field of its own. */
    static boolean watchesItsOwner(Object task) {
        if (!(task instanceof TimerTask)) {
            return false; // an executor's future is the JDK's: the application's task is out of reach here
        }
        try {
            for (Class<?> c = task.getClass(); c != TimerTask.class && c != null; c = c.getSuperclass()) {
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
