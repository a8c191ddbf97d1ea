package io.racewatch.junit;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Found by the JUnit Platform launcher through {@code ServiceLoader} whenever racewatch-junit is on
 * the test class path: attaches the agent before the first test if the JVM was started without
 * it, and prints racewatch's summary of the run when the tests are done (findings by kind, tests
 * failed, warnings, suppressed findings, findings outside any test).
 */
public final class RaceWatchListener implements TestExecutionListener {
    /** Made by the launcher. */
    public RaceWatchListener() {
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        AgentAttach.ensure(key -> testPlan.getConfigurationParameters().get(key));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (AgentAttach.isRunning()) {
            RunSummary.log();
        }
    }
}
