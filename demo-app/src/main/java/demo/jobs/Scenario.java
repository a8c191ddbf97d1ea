package demo.jobs;

/**
 * One of the demo's concurrency mistakes, runnable as the buggy code or as its fix.
 *
 * @param name the name used by {@code --only}
 * @param body runs the scenario once and says what it did
 */
record Scenario(String name, Body body) {
    /** The scenario's code: buggy when {@code fixed} is false. */
    @FunctionalInterface
    interface Body {
        String run(boolean fixed) throws Exception;
    }

    String run(boolean fixed) throws Exception {
        return body.run(fixed);
    }
}
