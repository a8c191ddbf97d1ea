package io.racewatch.bench.workloads;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One column of the suite: a configuration and, for one with the agent, the agent jar it runs.
 * Given several jars (before and after a change), each agent configuration runs once per jar,
 * interleaved with the others, and is labelled with the jar's file name.
 *
 * @param config   how the JVM runs
 * @param agentJar the agent jar, null for {@link AgentConfig#NONE}
 * @param label    the configuration's label, followed by the jar's name when there are several jars
 */
record Variant(AgentConfig config, String agentJar, String label) {
    /** {@code none} once, every other configuration once per jar. */
    static List<Variant> of(List<AgentConfig> configs, List<String> agentJars) {
        List<Variant> out = new ArrayList<>();
        for (AgentConfig c : configs) {
            if (c == AgentConfig.NONE) {
                out.add(new Variant(c, null, c.label()));
                continue;
            }
            for (String jar : agentJars) {
                out.add(new Variant(c, jar, agentJars.size() == 1 ? c.label() : c.label() + " " + nameOf(jar)));
            }
        }
        return out;
    }

    boolean withoutAgent() {
        return config == AgentConfig.NONE;
    }

    /** A file-name-safe tag for this variant's files. */
    String tag() {
        return label.replace("/*", "-all").replaceAll("[^A-Za-z0-9.-]+", "-");
    }

    private static String nameOf(String jar) {
        // Jars compared should keep their built name (a renamed one is put on the boot class path
        // late, which turns class data sharing off): then the folder tells them apart.
        Path path = Path.of(jar);
        String name = path.getFileName().toString();
        if (name.equals("racewatch-agent.jar") && path.toAbsolutePath().getParent() != null) {
            return path.toAbsolutePath().getParent().getFileName().toString();
        }
        return name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name;
    }
}
