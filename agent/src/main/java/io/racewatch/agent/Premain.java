package io.racewatch.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * The {@code -javaagent} entry point. It only makes sure the agent jar is on the boot class path
 * and hands over to {@link AgentMain} loaded from there, so that probes are visible to classes of
 * every class loader (servlet containers, OSGi, fat jars). Nothing here may fail the host.
 * <p>
 * The jar's manifest names it in {@code Boot-Class-Path} (under its built and its Maven names),
 * which the JVM appends before it starts: appending it later, from here, makes the JVM print a
 * warning into the program's output and stop sharing the application's classes from its class
 * data archive. Only a renamed jar is appended here (this class was then loaded from the class path).
 */
public final class Premain {
    private Premain() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        start("start", args, instrumentation);
    }

    public static void agentmain(String args, Instrumentation instrumentation) {
        start("attach", args, instrumentation);
    }

    /** @param entry {@link AgentMain}'s method: {@code start} before the program, {@code attach} into a running one */
    private static void start(String entry, String args, Instrumentation instrumentation) {
        try {
            if (Premain.class.getClassLoader() != null) {
                File jar = new File(Premain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            }
            Class.forName("io.racewatch.agent.AgentMain", true, null)
                .getMethod(entry, String.class, Instrumentation.class)
                .invoke(null, args, instrumentation);
        } catch (Throwable failure) {
            System.err.println("racewatch: could not start (" + failure + "); the application runs without it");
        }
    }
}
