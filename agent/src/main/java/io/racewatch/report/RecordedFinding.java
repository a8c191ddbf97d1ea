package io.racewatch.report;

/**
 * A finding read back from a {@code findings.jsonl} line, with its severity.
 *
 * @param finding  the finding, as the JVM that made it recorded it
 * @param severity {@code error}, {@code warning} or {@code note}: the line's {@code severity} field
 *                 when it has one, else its kind's SARIF level
 */
public record RecordedFinding(Finding finding, String severity) {
}
