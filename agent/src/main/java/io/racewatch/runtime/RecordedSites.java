package io.racewatch.runtime;

/**
 * Sites of findings recorded by another JVM, read back from a report: they name a place in the
 * code but have no id in this JVM's registry and no stacks of their own.
 */
public final class RecordedSites {
    private RecordedSites() {
    }

    /** A site not registered in {@link Sites}; its id is -1. */
    public static Site of(String className, String method, String file, int line) {
        return new Site(-1, className, method, file, line, null);
    }
}
