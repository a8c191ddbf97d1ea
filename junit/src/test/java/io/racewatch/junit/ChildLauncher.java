package io.racewatch.junit;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs test classes through the JUnit Platform launcher, as a build tool does, in a child JVM,
 * and prints one {@code RESULT <test> <status> <first line of the failure>} line per test.
 */
public final class ChildLauncher {
    private ChildLauncher() {
    }

    public static void main(String[] classNames) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (String name : classNames) {
            request.selectors(selectClass(name));
        }
        LauncherDiscoveryRequest built = request.build();
        LauncherFactory.create().execute(built, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                    String first = result.getThrowable().map(t -> " " + String.valueOf(t.getMessage()).lines().findFirst().orElse(""))
                        .orElse("");
                    System.out.println("RESULT " + id.getDisplayName() + " " + result.getStatus() + first);
                }
            }
        });
    }
}
