package io.racewatch.runtime;

import java.lang.reflect.Method;

/**
 * racewatch's console: the application's SLF4J (logger {@code racewatch}) once the application
 * has loaded SLF4J itself and it has a backend, standard error until then. racewatch never
 * initializes the application's logging: doing it at start-up would configure the backend
 * before {@code main} sets its properties, and print SLF4J's own warnings (no provider) that the
 * program never asked for. SLF4J is never bundled: the agent lives on the boot class path and
 * must not pick the application's logging backend for it.
 */
public final class Log {
    private static final String PREFIX = "racewatch: ";
    private static volatile ClassLoader appLoader;
    private static volatile Object logger;
    private static volatile boolean looked;
    private static Method warn;
    private static Method info;
    private static Method error;
    /** racewatch's reporter thread, once there is one: messages from probes are written there. */
    private static volatile java.util.function.Consumer<Runnable> deferTo;

    private Log() {
    }

    /**
     * The application is loading SLF4J's {@code LoggerFactory} through {@code loader} (the
     * transformer sees it defined): it is about to initialize its logging, after which racewatch
     * writes there too. The first loader seen wins. Takes no lock: the caller is inside a class
     * load, and {@link #slf4j} loads classes under Log's lock.
     */
    public static void applicationLoadsSlf4j(ClassLoader loader) {
        if (appLoader == null) {
            appLoader = loader;
        }
    }

    /**
     * Where messages made on the application's threads go: the application's logging (or its
     * System.err) is its code, which a probe must not run; the reporter thread writes them.
     */
    public static void deferTo(java.util.function.Consumer<Runnable> reporter) {
        deferTo = reporter;
    }

    /** {@link #warn}, written by the reporter thread when there is one: for probes. */
    public static void warnLater(String message) {
        java.util.function.Consumer<Runnable> d = deferTo;
        if (d != null) {
            d.accept(() -> warn(message));
        } else {
            warn(message);
        }
    }

    /** {@link #error}, written by the reporter thread when there is one: for probes. */
    public static void errorLater(String message, Throwable failure) {
        java.util.function.Consumer<Runnable> d = deferTo;
        if (d != null) {
            d.accept(() -> error(message, failure));
        } else {
            error(message, failure);
        }
    }

    public static void info(String message) {
        if (!emit(true, message, null)) {
            System.err.println(PREFIX + message);
        }
    }

    public static void warn(String message) {
        if (!emit(false, message, null)) {
            System.err.println(PREFIX + message);
        }
    }

    public static void error(String message, Throwable failure) {
        if (!emit(false, message, failure)) {
            System.err.println(PREFIX + message + (failure == null ? "" : ": " + failure));
            if (failure != null) {
                failure.printStackTrace();
            }
        }
    }

    /** Logs through SLF4J when the application has it; false when the caller should print instead. */
    private static boolean emit(boolean isInfo, String message, Throwable failure) {
        Object l = slf4j();
        if (l == null) {
            return false;
        }
        try {
            if (failure != null) {
                error.invoke(l, message, failure);
            } else if (isInfo) {
                info.invoke(l, message);
            } else {
                warn.invoke(l, message);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static synchronized Object slf4j() {
        if (looked) {
            return logger;
        }
        ClassLoader loader = appLoader;
        if (loader == null) {
            return null; // not looked: the application may load SLF4J later
        }
        looked = true;
        try {
            Class<?> factory = Class.forName("org.slf4j.LoggerFactory", true, loader);
            Class<?> type = Class.forName("org.slf4j.Logger", false, loader);
            Object l = factory.getMethod("getLogger", String.class).invoke(null, "racewatch");
            // SLF4J without a backend logs nowhere: standard error is more useful then.
            if (l.getClass().getName().equals("org.slf4j.helpers.NOPLogger")) {
                return null;
            }
            info = type.getMethod("info", String.class);
            warn = type.getMethod("warn", String.class);
            error = type.getMethod("error", String.class, Throwable.class);
            logger = l;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException absent) {
            logger = null;
        }
        return logger;
    }
}
