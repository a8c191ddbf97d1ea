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

    /**
     * racewatch's own start-up is done: the classes it loaded on this thread while its transformers
     * were being added met the first marker but not yet the last. Forget them, or every later hold
     * of this thread would look like class loading.
     */
    public static void startUpDone() {
        ThreadState ts = ThreadState.peek();
        if (ts != null) {
            ts.loadsForgotten();
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
