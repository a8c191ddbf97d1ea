package io.racewatch.runtime;

/**
 * Marks class definitions on the thread that makes them, from two transformers: one called
 * before every other transformer, one after. What lies between (reading the class file through
 * every agent's transformer, racewatch's rewriting above all) is not the application's work,
 * and is taken out of the locks the thread holds meanwhile. Only threads that have run a probe
 * are marked: class loading alone registers no thread.
 */
public final class ClassLoading {
    private ClassLoading() {
    }

    /** Called by the first transformer. */
    public static void begins() {
        ThreadState ts = ThreadState.peek();
        if (ts != null && ts.tid >= 0) {
            ts.loadBegins();
        }
    }

    /** Called by the last transformer. */
    public static void ends() {
        ThreadState ts = ThreadState.peek();
        if (ts != null && ts.tid >= 0) {
            ts.loadEnds();
        }
    }
}
