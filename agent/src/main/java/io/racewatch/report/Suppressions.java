package io.racewatch.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a suppressions file: one {@link SuppressionRule} a line, {@code kind:pattern}, optionally
 * followed by {@code #} and the reason, which is shown wherever the suppressed finding is
 * counted. Blank lines and lines starting with {@code #} are skipped. A bad line is named in one
 * problem line and skipped; the others still apply.
 */
public final class Suppressions {
    private Suppressions() {
    }

    public static List<SuppressionRule> load(Path file, Consumer<String> problems) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            problems.accept("cannot read suppressions file " + file + " (" + e + "); nothing is suppressed");
            return List.of();
        }
        List<SuppressionRule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int hash = line.indexOf(" #");
            try {
                rules.add(SuppressionRule.parse(hash < 0 ? line : line.substring(0, hash), hash < 0 ? "" : line.substring(hash + 2)));
            } catch (IllegalArgumentException e) {
                problems.accept("suppressions file " + file + " line " + (i + 1) + " '" + line + "' ignored: " + e.getMessage());
            }
        }
        return List.copyOf(rules);
    }
}
