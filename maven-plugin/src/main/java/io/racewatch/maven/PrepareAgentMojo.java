package io.racewatch.maven;

import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.util.Map;
import java.util.Properties;

/**
 * Puts racewatch on the test JVMs' command line: appends {@code -javaagent:<racewatch-agent
 * jar>=<options>} to a property, {@code argLine} unless told otherwise, which Surefire and
 * Failsafe read. What the property already holds (JaCoCo's agent, memory settings) stays.
 */
@Mojo(name = "prepare-agent", defaultPhase = LifecyclePhase.INITIALIZE, requiresDependencyResolution = ResolutionScope.NONE,
    threadSafe = true)
public class PrepareAgentMojo extends RacewatchMojo {
    static final String AGENT = "io.racewatch:racewatch-agent";

    @Parameter(defaultValue = "${plugin.artifactMap}", readonly = true, required = true)
    Map<String, Artifact> pluginArtifacts;

    /** The property to set; Surefire and Failsafe read {@code argLine}. */
    @Parameter(property = "racewatch.propertyName", defaultValue = "argLine")
    String propertyName;

    /** Class-name globs to instrument, separated by commas or colons (default: every class). */
    @Parameter(property = "racewatch.include")
    String include;

    /** Class-name globs never instrumented, separated by commas or colons. */
    @Parameter(property = "racewatch.exclude")
    String exclude;

    /** {@code test} (every map) or {@code staging} (a sample). */
    @Parameter(property = "racewatch.mode")
    String mode;

    /** A lock held longer than this many milliseconds is a {@code lock-hold} finding. */
    @Parameter(property = "racewatch.holdThresholdMs")
    Long holdThresholdMs;

    /** Further agent options as written after {@code =} ({@code key=value,key=value}; README: Options). */
    @Parameter(property = "racewatch.options")
    String options;

    @Override
    public void execute() throws MojoExecutionException {
        String why = skipReason();
        if (why != null) {
            getLog().info("racewatch: prepare-agent skipped: " + why);
            return;
        }
        Artifact agent = pluginArtifacts.get(AGENT);
        if (agent == null || agent.getFile() == null) {
            throw new MojoExecutionException("racewatch: the plugin's own " + AGENT + " jar was not resolved");
        }
        AgentArgument arg = new AgentArgument(agent.getFile())
            .option("include", include).option("exclude", exclude).option("mode", mode)
            .option("holdThresholdMs", holdThresholdMs).option("report", report.getAbsolutePath())
            .option("suppressions", suppressions == null ? null : suppressions.getAbsolutePath())
            .options(options);
        Properties props = project.getProperties();
        String line = arg.appendTo(props.getProperty(propertyName));
        props.setProperty(propertyName, line);
        getLog().info("racewatch: " + propertyName + " set to " + line);
    }
}
