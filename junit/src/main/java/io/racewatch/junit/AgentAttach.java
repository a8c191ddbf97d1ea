package io.racewatch.junit;

import net.bytebuddy.agent.ByteBuddyAgent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Optional;
import java.util.function.Function;

/**
 * Makes sure the racewatch agent runs in this JVM: started with {@code -javaagent}, or attached
 * now through the JVM's attach mechanism (Byte Buddy's agent installer) from the agent jar on the
 * test class path. When neither works, says so in one line, once, and the tests run unwatched.
 *
 * <p>Refers to no class of the agent: those must be loaded from the boot class path, where the
 * agent puts itself, never by the test class loader before it has.
 */
final class AgentAttach {
    /** Configuration parameter (or system property): the agent argument used when attaching, e.g. {@code include=com.acme.*}. */
    static final String AGENT_OPTIONS = "racewatch.agentOptions";
    /** Configuration parameter (or system property): the agent jar, when it is not on the test class path. */
    static final String AGENT_JAR = "racewatch.agentJar";
    /** Configuration parameter (or system property): {@code false} keeps racewatch-junit out of this run entirely. */
    static final String ENABLED = "racewatch.enabled";
    private static final String AGENT_CLASS = "io.racewatch.agent.AgentMain";
    private static Boolean running;

    private AgentAttach() {
    }

    /** True when the agent runs in this JVM, attaching it first if need be; false, quietly, when switched off. */
    static synchronized boolean ensure(Function<String, Optional<String>> config) {
        if (running == null) {
            boolean off = config.apply(ENABLED).or(() -> Optional.ofNullable(System.getProperty(ENABLED))).filter("false"::equals).isPresent();
            running = !off && (onBootClassPath() || attach(config));
        }
        return running;
    }

    /** True when the agent is known to run, without trying to attach it. */
    static synchronized boolean isRunning() {
        return running != null && running;
    }

    private static boolean onBootClassPath() {
        try {
            Class.forName(AGENT_CLASS, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static boolean attach(Function<String, Optional<String>> config) {
        File jar = agentJar(config);
        if (jar == null) {
            return unattached("no racewatch-agent jar on the test class path and no " + AGENT_JAR + " given");
        }
        String options = config.apply(AGENT_OPTIONS).orElse(System.getProperty(AGENT_OPTIONS, ""));
        try {
            Instrumentation instrumentation = ByteBuddyAgent.install();
            // A loader of its own, so that the test class loader never defines an agent class.
            ClassLoader loader = new URLClassLoader(new URL[] {jar.toURI().toURL()}, ClassLoader.getPlatformClassLoader());
            Class.forName("io.racewatch.agent.Premain", true, loader)
                .getMethod("agentmain", String.class, Instrumentation.class)
                .invoke(null, options, instrumentation);
        } catch (Exception | LinkageError e) {
            return unattached("this JVM does not allow attaching an agent: " + e);
        }
        return onBootClassPath() || unattached("the agent did not start (see the line above)");
    }

    private static File agentJar(Function<String, Optional<String>> config) {
        Optional<String> given = config.apply(AGENT_JAR).or(() -> Optional.ofNullable(System.getProperty(AGENT_JAR)));
        if (given.isPresent()) {
            return new File(given.get());
        }
        URL premain = AgentAttach.class.getClassLoader().getResource("io/racewatch/agent/Premain.class");
        if (premain == null || !premain.getProtocol().equals("jar")) {
            return null; // absent, or a class directory (an IDE build of racewatch itself) that cannot be an agent
        }
        String path = premain.getPath();
        try {
            return new File(new URL(path.substring(0, path.indexOf("!/"))).toURI());
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean unattached(String reason) {
        System.err.println("racewatch: NOT WATCHING: the agent is not attached and could not attach itself (" + reason
            + "); tests run without race detection. Add -javaagent:<racewatch-agent.jar> to the test JVM (README: Maven and Gradle setup).");
        return false;
    }
}
