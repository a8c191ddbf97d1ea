package io.racewatch.maven;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;

/** What every goal shares: the project, the report directory, and when to do nothing. */
abstract class RacewatchMojo extends AbstractMojo {
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** Where the agent writes and {@code report}/{@code check} read. */
    @Parameter(property = "racewatch.report", defaultValue = "${project.build.directory}/racewatch")
    File report;

    /** A suppressions file ({@code kind:pattern # reason} lines; README: Suppressions). */
    @Parameter(property = "racewatch.suppressions")
    File suppressions;

    /** Skips the goal. */
    @Parameter(property = "racewatch.skip", defaultValue = "false")
    boolean skip;

    @Parameter(property = "skipTests", defaultValue = "false")
    boolean skipTests;

    @Parameter(property = "maven.test.skip", defaultValue = "false")
    boolean mavenTestSkip;

    /** Why the goal does nothing here, or null to run it. */
    String skipReason() {
        if (skip) {
            return "racewatch.skip is set";
        }
        if (skipTests || mavenTestSkip) {
            return "tests are skipped";
        }
        if ("pom".equals(project.getPackaging())) {
            return "packaging is pom";
        }
        return null;
    }
}
