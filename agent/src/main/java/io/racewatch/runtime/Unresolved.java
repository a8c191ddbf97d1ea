package io.racewatch.runtime;


import java.util.concurrent.atomic.AtomicInteger;

/**
 * Classes left as they are because a type they use could not be read from their class loader
 * (generated proxies such as Mockito 1's CGLIB classes, optional dependencies that are absent).
 * racewatch cannot help there and says so quietly: one line for the first, a count in {@code report.txt}.
 */
public final class Unresolved {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static volatile String first;

    private Unresolved() {
    }

    /** @param missing the type that could not be read */
    public static void note(String className, String missing) {
        if (COUNT.incrementAndGet() == 1) {
            first = className + " (needs " + missing + ")";
            // Written later: this runs inside a class load, where the application's logging must not run.
            Log.warnLater("left " + className + " as it is: its class loader does not show the class file of " + missing
                + "; classes like it are counted in report.txt");
        }
    }

    public static int count() {
        return COUNT.get();
    }

    /** A line for {@code report.txt}, or null when every class could be read. */
    public static String summary() {
        int n = COUNT.get();
        return n == 0 ? null : n + (n == 1 ? " class" : " classes") + " left uninstrumented: a type they use could not be read"
            + " from their class loader (first: " + first + ")";
    }
}
