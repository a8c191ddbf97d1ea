package io.racewatch.realcode;

import org.junit.jupiter.api.Test;
import realprograms.GroovyScripts;

import static io.racewatch.realcode.RealCodeAssertions.assertOnlyTheLibrarysOwnRace;
import static io.racewatch.realcode.RealCodeAssertions.assertSameProgram;

/**
 * Groovy 1.7.9 under {@code include=*}: its runtime (call-site caches, {@code ClassInfo}, metaclass
 * registry) is full of maps, overloads of map methods and pre-Java-7 synchronized methods.
 */
class GroovyIT {
    /** Groovy 1.7 makes JDK members accessible by reflection: opened the same way in both runs. */
    private static final String[] OPENS = opens("java.lang", "java.lang.reflect", "java.util", "java.util.regex",
        "java.io", "java.net", "java.math", "java.text", "java.nio");

    @Test
    void scriptsComputeTheSameUnderTheAgentAndOnlyGroovysOwnRaceShows() throws Exception {
        ChildJvm child = ChildJvm.of(GroovyScripts.class).jvmArgs(OPENS);
        ChildJvm.Run plain = child.plain();
        ChildJvm.Run agent = child.underAgent();
        assertSameProgram(plain, agent);
        // Groovy 1.7's parser clears a static HashMap (ASTHelper.resolutions) at the start of every
        // parse, with no lock: scripts compiled on several threads at once write it concurrently.
        assertOnlyTheLibrarysOwnRace(agent, "map-unsafe", "ASTHelper.resolutions",
            "Groovy 1.7.9's static ASTHelper.resolutions, cleared unsynchronized by every parse");
    }

    private static String[] opens(String... packages) {
        String[] options = new String[packages.length * 2];
        for (int i = 0; i < packages.length; i++) {
            options[2 * i] = "--add-opens";
            options[2 * i + 1] = "java.base/" + packages[i] + "=ALL-UNNAMED";
        }
        return options;
    }
}
