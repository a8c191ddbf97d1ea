package io.racewatch.report;

/**
 * Why a finding is set aside rather than reported as a problem. A suppressed finding is still
 * counted in the summary, listed in {@code report.txt} and kept in the SARIF file (as a
 * suppressed result), so that nothing hides silently.
 *
 * @param rule     the rule that matched, as written: {@code kind:pattern}
 * @param reason   the reason given with the rule, or an empty string
 * @param inSource true when the test code allowed it (an annotation), false for a suppressions file
 */
public record Suppression(String rule, String reason, boolean inSource) {
    /** One line for reports: the rule, where it came from, and the reason. */
    public String describe() {
        return rule + (inSource ? " (allowed by the test)" : " (suppressions file)") + (reason.isEmpty() ? "" : ": " + reason);
    }
}
