package io.racewatch.junit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a JUnit 5 test during which racewatch found a race, with the finding's explanation and
 * interleaving table. A finding belongs to the test whose thread, or a thread or task the test
 * started, completed it; a finding outside any test (class set-up, static initialisation, a
 * thread that outlived its test) fails the class. This holds under JUnit's parallel execution.
 *
 * <p>Register it with {@code @ExtendWith(RaceWatchExtension.class)}, with {@link RaceWatch} (which
 * also takes options), or for every test class through JUnit's extension auto-detection
 * ({@code junit.jupiter.extensions.autodetection.enabled=true}). The racewatch agent should be
 * on the test JVM's command line ({@code -javaagent}); if it is not, the extension attaches it
 * where the JVM allows, and otherwise says in one line that tests run unwatched.
 *
 * <p>By default a test fails on findings whose severity is {@code error}; warnings (a long lock
 * hold) and notes (a duplicate computation) are published as report entries and fail nothing.
 * Suite-wide options are configuration parameters (JUnit also reads them from system
 * properties): {@code racewatch.failOn}, {@code racewatch.warnOn}, {@code racewatch.failAt}
 * ({@code error}, {@code warning} or {@code note}), {@code racewatch.holdThresholdMs} (see {@link RaceWatch}), and for
 * attaching, {@code racewatch.agentOptions} (the agent argument) and {@code racewatch.agentJar}.
 */
public final class RaceWatchExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    /** Made by JUnit. */
    public RaceWatchExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        open(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        open(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close(context);
    }

    // The agent's classes are touched only through Scopes, and only once the agent runs.
    private static void open(ExtensionContext context) {
        if (AgentAttach.ensure(context::getConfigurationParameter)) {
            Scopes.open(context);
        }
    }

    private static void close(ExtensionContext context) {
        if (AgentAttach.isRunning()) {
            Scopes.close(context);
        }
    }
}
