package io.racewatch.agent;

import io.racewatch.runtime.JavaBase;

import java.io.File;
import java.lang.instrument.Instrumentation;

/**
 * What identifies the agent build that runs, for what racewatch keeps between runs (the hooked
 * JDK classes): the path, length and modification time of every {@code -javaagent} jar of this
 * JVM, read from the JVM's arguments (those of {@code JAVA_TOOL_OPTIONS} included). racewatch's
 * classes come from the boot class path, where they have no code source, and asking the boot
 * loader for its jar opens it in Java, which costs a tenth of a second; the arguments cost nothing.
 */
final class AgentJars {
    private static final String AGENT = "-javaagent:";

    private AgentJars() {
    }

    /** The identity, or null when no {@code -javaagent} jar can be read (an agent attached later). */
    static String identity(Instrumentation instrumentation) {
        try {
            // jdk.internal.misc.VM, where the JVM keeps its arguments without the management API's cost.
            JavaBase.export(instrumentation, "jdk.internal.misc");
            String[] arguments = (String[]) Class.forName("jdk.internal.misc.VM").getMethod("getRuntimeArguments").invoke(null);
            StringBuilder identity = new StringBuilder();
            for (String argument : arguments) {
                if (argument.startsWith(AGENT)) {
                    int options = argument.indexOf('=', AGENT.length());
                    File jar = new File(argument.substring(AGENT.length(), options < 0 ? argument.length() : options));
                    if (!jar.isFile()) {
                        return null;
                    }
                    identity.append(jar.getAbsolutePath()).append('|').append(jar.length()).append('|').append(jar.lastModified()).append('\n');
                }
            }
            return identity.length() == 0 ? null : identity.toString();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unknown) {
            return null;
        }
    }
}
