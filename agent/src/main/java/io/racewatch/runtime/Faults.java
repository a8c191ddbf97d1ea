package io.racewatch.runtime;


import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failures inside racewatch itself. A probe catches everything and lands here: the first few are
 * logged with their stack, the rest only counted, and the host program carries on.
 */
public final class Faults {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final int LOGGED = 3;

    private Faults() {
    }

    public static void report(String where, Throwable failure) {
        int n = COUNT.incrementAndGet();
        if (n <= LOGGED) {
            Log.errorLater("internal error in " + where + " (the program continues; racewatch may miss findings)", failure);
        }
    }

    public static int count() {
        return COUNT.get();
    }
}
