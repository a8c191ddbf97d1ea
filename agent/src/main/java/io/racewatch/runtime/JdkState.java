package io.racewatch.runtime;

import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;

/**
 * Which application objects racewatch may ask about their state: only those whose state
 * methods are the JDK's own (a FutureTask's isDone reads a field). The same method of an
 * application class is the application's code: a strict mock fails on the unexpected call, an
 * implementation may block or take locks. racewatch then does without the answer.
 */
public final class JdkState {
    private JdkState() {
    }

    private static boolean fromJdk(Class<?> type, String method, Class<?>... params) {
        try {
            Class<?> declarer = type.getMethod(method, params).getDeclaringClass();
            // A name is not enough: dynamic proxies (what mocking libraries make) live in
            // jdk.proxyN packages, yet every method of theirs runs the application's handler.
            return !Proxy.isProxyClass(declarer) && definedByJdk(declarer)
                && (declarer.getName().startsWith("java.") || declarer.getName().startsWith("jdk."));
        } catch (NoSuchMethodException | SecurityException | LinkageError e) {
            return false;
        }
    }

    private static boolean definedByJdk(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader();
    }

    private static final ClassValue<Boolean> FUTURE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return fromJdk(type, "isDone") && fromJdk(type, "isCancelled");
        }
    };

    private static final ClassValue<Boolean> EXECUTOR = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return fromJdk(type, "isShutdown") && fromJdk(type, "isTerminated");
        }
    };

    private static final ClassValue<Boolean> DELAYED = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return fromJdk(type, "getDelay", TimeUnit.class);
        }
    };

    private static final ClassValue<Boolean> TIMER_TASK = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return fromJdk(type, "scheduledExecutionTime");
        }
    };

    private static final ClassValue<Boolean> THREAD = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return fromJdk(type, "getStackTrace") && fromJdk(type, "getId");
        }
    };

    /** True when {@code future}'s isDone and isCancelled are the JDK's. */
    public static boolean canAskFuture(Object future) {
        return future != null && FUTURE.get(future.getClass());
    }

    /** True when the executor's isShutdown and isTerminated are the JDK's (they read a state word). */
    public static boolean canAskExecutor(Object executor) {
        return executor != null && EXECUTOR.get(executor.getClass());
    }

    /** True when {@code delayed}'s getDelay is the JDK's. */
    public static boolean canAskDelay(Object delayed) {
        return delayed != null && DELAYED.get(delayed.getClass());
    }

    /** True when the timer task's scheduledExecutionTime is the JDK's. */
    public static boolean canAskTimerTask(Object task) {
        return task != null && TIMER_TASK.get(task.getClass());
    }

    /** True when the thread's getStackTrace and getId are Thread's own (a subclass may override them). */
    public static boolean canAskThread(Thread thread) {
        return thread != null && THREAD.get(thread.getClass());
    }
}
