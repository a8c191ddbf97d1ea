package demo.jobs;

/** One of the demo's concurrency mistakes, runnable as the buggy code or as its fix. */
interface Scenario {
    /** Name used by {@code --only}. */
    String name();

    /** Runs the scenario once and says what it did. */
    String run(boolean fixed) throws Exception;
}
