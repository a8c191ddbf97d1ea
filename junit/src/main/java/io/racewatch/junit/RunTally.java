package io.racewatch.junit;

import java.util.concurrent.atomic.AtomicInteger;

/** What racewatch did to this run's tests, for the summary at its end. */
final class RunTally {
    private static final AtomicInteger TESTS_FAILED = new AtomicInteger();
    private static final AtomicInteger CLASSES_FAILED = new AtomicInteger();
    private static final AtomicInteger WARNINGS = new AtomicInteger();

    private RunTally() {
    }

    static void failed(boolean test) {
        (test ? TESTS_FAILED : CLASSES_FAILED).incrementAndGet();
    }

    static void warned() {
        WARNINGS.incrementAndGet();
    }

    static int testsFailed() {
        return TESTS_FAILED.get();
    }

    static int classesFailed() {
        return CLASSES_FAILED.get();
    }

    static int warnings() {
        return WARNINGS.get();
    }
}
