package io.racewatch.maven;

import io.racewatch.report.MergedFindings;
import io.racewatch.report.MergedReport;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Merges the findings of every JVM that reported into the report directory (test forks, Surefire
 * and Failsafe) into one {@code report.txt}, {@code racewatch.sarif} and {@code racewatch.html}.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ReportMojo extends RacewatchMojo {
    @Override
    public void execute() throws MojoExecutionException {
        String why = skipReason();
        if (why != null) {
            getLog().info("racewatch: report skipped: " + why);
            return;
        }
        Path dir = report.toPath();
        try {
            MergedFindings merged = Reading.findings(dir, suppressions, getLog());
            if (merged.files().isEmpty()) {
                getLog().info("racewatch: no findings files in " + dir + "; did the tests run under prepare-agent?");
                return;
            }
            MergedReport.write(dir, merged, project.getBasedir().toPath());
            getLog().info("racewatch: " + merged.reported().size() + " findings (" + merged.suppressed().size() + " suppressed) from "
                + merged.files().size() + " files; report: " + dir.resolve("report.txt") + ", " + dir.resolve("racewatch.sarif")
                + ", " + dir.resolve("racewatch.html"));
        } catch (IOException e) {
            throw new MojoExecutionException("racewatch: cannot merge the reports in " + dir + ": " + e, e);
        }
    }
}
