package io.racewatch.bench.workloads;

import java.util.List;

/**
 * How one JVM of the suite runs: without the agent, or with it in a mode and with {@code include=*}
 * or with the workload's own package only.
 */
public enum AgentConfig {
    NONE("none", null, false),
    TEST_ALL("test/*", "test", false),
    TEST_OWN("test/own", "test", true),
    STAGING_ALL("staging/*", "staging", false),
    STAGING_OWN("staging/own", "staging", true);

    private final String label;
    private final String mode;
    private final boolean ownPackageOnly;

    AgentConfig(String label, String mode, boolean ownPackageOnly) {
        this.label = label;
        this.mode = mode;
        this.ownPackageOnly = ownPackageOnly;
    }

    public String label() {
        return label;
    }

    /** The JVM options for this configuration ({@code -javaagent:...}), none for {@link #NONE}. */
    public List<String> jvmArgs(String agentJar, String ownPackage, String reportDir) {
        if (mode == null) {
            return List.of();
        }
        String include = ownPackageOnly ? ownPackage + ".*" : "*";
        return List.of("-javaagent:" + agentJar + "=include=" + include + ",mode=" + mode + ",report=" + reportDir);
    }

    /** The configuration with this label ({@code none}, {@code test/*}, ...). */
    public static AgentConfig byLabel(String label) {
        for (AgentConfig c : values()) {
            if (c.label.equals(label)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown configuration " + label + "; known: none, test/*, test/own, staging/*, staging/own");
    }
}
