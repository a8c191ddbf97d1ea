package io.racewatch.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * The {@code -javaagent} entry point. It only puts the agent jar on the boot class path and
 * hands over to {@link AgentMain} loaded from there, so that probes are visible to classes of
 * every class loader (servlet containers, OSGi, fat jars). Nothing here may fail the host.
 */
public final class Premain {
    private Premain() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        start(args, instrumentation);
    }

    public static void agentmain(String args, Instrumentation instrumentation) {
        start(args, instrumentation);
    }

    private static void start(String args, Instrumentation instrumentation) {
        try {
            File jar = new File(Premain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            Class.forName("io.racewatch.agent.AgentMain", true, null)
                .getMethod("start", String.class, Instrumentation.class)
                .invoke(null, args, instrumentation);
        } catch (Throwable failure) {
            System.err.println("racewatch: could not start (" + failure + "); the application runs without it");
        }
    }
}
