package io.racewatch.maven;

import io.racewatch.report.Access;
import io.racewatch.report.Finding;
import io.racewatch.report.Kinds;
import io.racewatch.report.MergedFindings;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fails the build when findings not suppressed remain whose kind is selected and whose severity
 * is at or above the threshold, with one line per finding.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class CheckMojo extends RacewatchMojo {
    /**
     * {@code error}, {@code warning} or {@code note}: findings at least this severe count (each finding's
     * {@code severity}, else its kind's default level). By default only errors fail the build: a long lock
     * hold is a warning and a duplicate computation a note.
     */
    @Parameter(property = "racewatch.threshold", defaultValue = "error")
    String threshold;

    /** Kinds that count, separated by commas: kind names, {@code race} (the map kinds) or {@code *}. */
    @Parameter(property = "racewatch.failOn", defaultValue = "*")
    String failOn;

    /** False to only list the findings, not fail the build. */
    @Parameter(property = "racewatch.failOnViolation", defaultValue = "true")
    boolean failOnViolation;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        String why = skipReason();
        if (why != null) {
            getLog().info("racewatch: check skipped: " + why);
            return;
        }
        Severity min = Severity.parse(threshold);
        List<String> selectors = selectors(failOn);
        MergedFindings merged;
        try {
            merged = Reading.findings(report.toPath(), suppressions, getLog());
        } catch (IOException e) {
            throw new MojoExecutionException("racewatch: cannot read the findings in " + report + ": " + e, e);
        }
        List<String> violations = new ArrayList<>();
        for (Finding f : merged.reported()) {
            Severity s = Severity.parse(merged.severity(f));
            if (s.atLeast(min) && selectors.stream().anyMatch(sel -> Kinds.selects(sel, f.kind()))) {
                violations.add(summary(f, s));
            }
        }
        if (violations.isEmpty()) {
            getLog().info("racewatch: check passed: no " + String.join(",", selectors) + " findings at or above " + min.label()
                + " in " + merged.files().size() + " findings files (" + merged.reported().size() + " findings, "
                + merged.suppressed().size() + " suppressed)");
            return;
        }
        for (String v : violations) {
            if (failOnViolation) {
                getLog().error(v);
            } else {
                getLog().warn(v);
            }
        }
        String message = "racewatch: " + violations.size() + (violations.size() == 1 ? " finding" : " findings") + " at or above "
            + min.label() + "; see " + report.toPath().resolve("report.txt");
        if (failOnViolation) {
            throw new MojoFailureException(message);
        }
        getLog().warn(message + " (failOnViolation is false)");
    }

    /** One line: severity, kind, resource, first site, test. */
    static String summary(Finding f, Severity s) {
        Access first = f.accesses().isEmpty() ? null : f.accesses().get(0);
        return "racewatch: " + s.label() + " " + f.kind() + " on " + f.resource().name()
            + (f.resource().key() == null ? "" : " key " + f.resource().key())
            + (first == null ? "" : " at " + first.site().frame())
            + (f.test() == null ? "" : " during test " + f.test().name())
            + (f.count() > 1 ? " (x" + f.count() + ")" : "");
    }

    static List<String> selectors(String failOn) throws MojoExecutionException {
        List<String> out = new ArrayList<>();
        for (String s : failOn.split(",")) {
            String sel = s.trim();
            if (sel.isEmpty()) {
                continue;
            }
            if (!Kinds.isSelector(sel)) {
                throw new MojoExecutionException("racewatch: failOn '" + sel + "' is not a kind; accepted: " + Kinds.accepted());
            }
            out.add(sel);
        }
        return out;
    }
}
