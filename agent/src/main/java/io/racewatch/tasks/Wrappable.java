package io.racewatch.tasks;

import java.util.Set;

/**
 * Whether a task may be handed over wrapped. The wrapper ({@link HbTask}, {@link HbBiTask}) is
 * what the executor, thread or future then sees, and code that asks its task what else it is
 * would take another path: Jetty's thread pool closes the queued jobs that are {@code Closeable}
 * when it stops, Netty's event loop skips the wake-up for a {@code LazyRunnable}, the
 * {@code afterExecute} of the JDK's own example reads the outcome of a task that is a
 * {@code Future}, a priority queue compares its tasks, a pool may test for its own task class. So
 * only a task that is nothing more than its wrapper is wrapped: its class extends {@code Object}
 * and implements no interface its wrapper lacks (lambdas, method references, plain anonymous
 * classes). Any other task is handed over as it is: ordered by the synchronization of the
 * executor's queue and inside the JDK's futures, not tracked run by run.
 */
final class Wrappable {
    private static final ClassValue<Boolean> ONE_ARGUMENT = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return nothingBeyond(type, HbTask.class);
        }
    };
    private static final ClassValue<Boolean> TWO_ARGUMENTS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return nothingBeyond(type, HbBiTask.class);
        }
    };

    private Wrappable() {
    }

    /** True when {@code task} may be wrapped in an {@link HbBiTask} ({@code twoArguments}) or an {@link HbTask}. */
    static boolean wrappable(Object task, boolean twoArguments) {
        return twoArguments ? TWO_ARGUMENTS.get(task.getClass()) : ONE.of(task);
    }

    /** The one-argument answer, the last class's kept: a site hands over the same task class call after call. */
    private static final LastClassAnswer<Boolean> ONE = new LastClassAnswer<>() {
        @Override
        Boolean lookUp(Object task) {
            return ONE_ARGUMENT.get(task.getClass());
        }
    };

    private static boolean nothingBeyond(Class<?> type, Class<?> wrapper) {
        if (type.getSuperclass() != Object.class) {
            return false;
        }
        Set<Class<?>> offered = Set.of(wrapper.getInterfaces());
        for (Class<?> i : type.getInterfaces()) {
            if (!offered.contains(i)) {
                return false;
            }
        }
        return true;
    }
}
