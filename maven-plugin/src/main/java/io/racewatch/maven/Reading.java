package io.racewatch.maven;

import io.racewatch.report.MergedFindings;
import io.racewatch.report.SuppressionRule;
import io.racewatch.report.Suppressions;
import org.apache.maven.plugin.logging.Log;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Reads the report directory as {@code report} and {@code check} both need it. */
final class Reading {
    private Reading() {
    }

    static MergedFindings findings(Path dir, File suppressions, Log log) throws IOException {
        List<SuppressionRule> rules = suppressions == null ? List.of()
            : Suppressions.load(suppressions.toPath(), problem -> log.warn("racewatch: " + problem));
        return MergedFindings.read(dir, rules, problem -> log.warn("racewatch: " + problem));
    }
}
