package io.racewatch.maven;

import org.junit.jupiter.api.Test;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AgentArgumentTest {
    private final File jar = new File("/repo/racewatch-agent.jar");

    @Test
    void optionsThatAreSetBecomeTheAgentArgument() {
        String arg = new AgentArgument(jar).option("include", "com.acme.*, org.x.*").option("mode", null).option("holdThresholdMs", 50L)
            .options("jfr=false").render();
        assertEquals("-javaagent:/repo/racewatch-agent.jar=include=com.acme.*:org.x.*,holdThresholdMs=50,jfr=false", arg);
    }

    @Test
    void appendsToWhatTheLineHolds() {
        AgentArgument a = new AgentArgument(jar).option("report", "/t/racewatch");
        assertEquals("-javaagent:/repo/racewatch-agent.jar=report=/t/racewatch", a.appendTo(null));
        assertEquals("-javaagent:/jacoco.jar=destfile=x -Xmx1g -javaagent:/repo/racewatch-agent.jar=report=/t/racewatch",
            a.appendTo("-javaagent:/jacoco.jar=destfile=x -Xmx1g"));
    }

    @Test
    void replacesItsOwnEarlierArgumentInsteadOfAddingASecond() {
        String once = new AgentArgument(jar).option("include", "a.*").appendTo("-Xmx1g");
        assertEquals("-Xmx1g -javaagent:/repo/racewatch-agent.jar=include=b.*", new AgentArgument(jar).option("include", "b.*").appendTo(once));
    }

    @Test
    void aPathWithASpaceIsQuotedAndStillRecognised() {
        AgentArgument a = new AgentArgument(new File("/my repo/racewatch-agent.jar"));
        String line = a.appendTo("\"-Dname=a b\"");
        assertEquals("\"-Dname=a b\" \"-javaagent:/my repo/racewatch-agent.jar\"", line);
        assertEquals(line, a.appendTo(line));
    }
}
