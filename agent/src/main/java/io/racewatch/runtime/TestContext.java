package io.racewatch.runtime;

/**
 * The test (or other unit of work) a thread is doing, for test harnesses such as racewatch's
 * JUnit extension: a finding carries the context of the thread that completed it, so that it can
 * be charged to the test that caused it. A context is inherited by threads started and tasks
 * submitted from instrumented code, the way happens-before is.
 *
 * <p>A thread started where racewatch cannot see the start (a method reference such as
 * {@code threads.forEach(Thread::start)}, or library code) takes the context of the thread that
 * created it, as an {@link InheritableThreadLocal} would.
 *
 * <p>Immutable; the harness sets it on the test's thread with {@link #swap} and restores the
 * previous one when the test ends.
 */
public final class TestContext {
    private static final InheritableThreadLocal<TestContext> OF_CREATOR = new InheritableThreadLocal<>();

    private final String id;
    private final String name;
    private final long holdThresholdNs;

    /**
     * @param id              unique id of the test, e.g. JUnit's unique id
     * @param name            what a person calls it, e.g. {@code ShopTest.reserve()}
     * @param holdThresholdMs lock-hold threshold while this context runs, or 0 for the agent's
     */
    public TestContext(String id, String name, long holdThresholdMs) {
        this.id = id;
        this.name = name;
        this.holdThresholdNs = holdThresholdMs > 0 ? holdThresholdMs * 1_000_000L : 0;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The current thread's context, or null outside any test. */
    public static TestContext current() {
        return ThreadState.current().context;
    }

    /** Makes {@code context} the current thread's (null for none); returns the one it replaces. */
    public static TestContext swap(TestContext context) {
        ThreadState ts = ThreadState.current();
        TestContext previous = ts.context;
        ts.context = context;
        OF_CREATOR.set(context);
        return previous;
    }

    /** The context of the thread that created the current one, when it was created. */
    public static TestContext ofCreator() {
        return OF_CREATOR.get();
    }

    /** The lock-hold threshold in force for a thread in {@code context} (which may be null). */
    public static long holdThresholdNs(TestContext context) {
        return context == null || context.holdThresholdNs == 0 ? Tracking.holdThresholdNs : context.holdThresholdNs;
    }

    /** The lock-hold threshold in force on the current thread. */
    public static long holdThresholdNs() {
        return holdThresholdNs(current());
    }

    @Override
    public String toString() {
        return name;
    }
}
