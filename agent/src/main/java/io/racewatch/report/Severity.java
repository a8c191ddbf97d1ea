package io.racewatch.report;

import java.util.Locale;

/**
 * How much a finding matters, with the reason in a few words: {@code error} (a bug: data is lost,
 * corrupted or the program hangs), {@code warning} (a risk or a cost that may be intended) or
 * {@code note} (a race that cannot lose anything the program relies on, such as a duplicate
 * computation of an equal value). The same three words are SARIF's result levels.
 *
 * @param level  {@code error}, {@code warning} or {@code note}
 * @param reason why this level, one sentence
 */
public record Severity(String level, String reason) {
    public static final String ERROR = "error";
    public static final String WARNING = "warning";
    public static final String NOTE = "note";

    public Severity {
        rank(level); // rejects anything else
        reason = reason == null ? "" : reason;
    }

    /** An error, for the reason given. */
    public static Severity error(String reason) {
        return new Severity(ERROR, reason);
    }

    /** A warning, for the reason given. */
    public static Severity warning(String reason) {
        return new Severity(WARNING, reason);
    }

    /** A note, for the reason given. */
    public static Severity note(String reason) {
        return new Severity(NOTE, reason);
    }

    /** The level a finding of {@code kind} has unless its detector says otherwise (see {@link Kinds}). */
    public static Severity ofKind(String kind) {
        Kinds.Kind k = Kinds.byName(kind);
        return k == null ? warning("unknown kind") : new Severity(k.level(), k.severityReason());
    }

    /** True when this level is {@code min} or more severe. */
    public boolean atLeast(String min) {
        return rank(level) >= rank(min);
    }

    /** 0 for note, 1 for warning, 2 for error; anything else is rejected with the words accepted. */
    public static int rank(String level) {
        String l = level == null ? "" : level.trim().toLowerCase(Locale.ROOT);
        return switch (l) {
            case NOTE -> 0;
            case WARNING -> 1;
            case ERROR -> 2;
            default -> throw new IllegalArgumentException("severity '" + level + "' is not one of error, warning, note");
        };
    }

    /** {@code error}, {@code warning} or {@code note}, whatever the case given; rejects anything else. */
    public static String parse(String level) {
        return switch (rank(level)) {
            case 0 -> NOTE;
            case 1 -> WARNING;
            default -> ERROR;
        };
    }

    @Override
    public String toString() {
        return reason.isEmpty() ? level : level + " (" + reason + ")";
    }
}
