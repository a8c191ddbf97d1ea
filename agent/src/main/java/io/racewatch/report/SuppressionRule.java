package io.racewatch.report;

import java.util.regex.Pattern;

/**
 * One {@code kind:pattern} rule, ThreadSanitizer style: {@code kind} is a kind of finding,
 * {@code race} or {@code *}; {@code pattern} is matched against the resource's name, every
 * access's site ({@code pkg.Class.method(File.java:42)}) and every frame of every access's
 * stack. It matches anywhere in that text; {@code *} stands for any characters, a leading
 * {@code ^} anchors it at the start and a trailing {@code $} at the end.
 */
public final class SuppressionRule {
    private final String kind;
    private final String text;
    private final Pattern pattern;
    private final String reason;

    private SuppressionRule(String kind, String text, Pattern pattern, String reason) {
        this.kind = kind;
        this.text = text;
        this.pattern = pattern;
        this.reason = reason;
    }

    /**
     * Parses {@code kind:pattern}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static SuppressionRule parse(String rule, String reason) {
        String r = rule.trim();
        int colon = r.indexOf(':');
        if (colon <= 0 || colon == r.length() - 1) {
            throw new IllegalArgumentException("expected kind:pattern");
        }
        String kind = r.substring(0, colon);
        if (!Kinds.isSelector(kind)) {
            throw new IllegalArgumentException("unknown kind '" + kind + "'; accepted: " + Kinds.accepted());
        }
        return new SuppressionRule(kind, r, compile(r.substring(colon + 1)), reason == null ? "" : reason.trim());
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        boolean start = glob.startsWith("^");
        boolean end = glob.endsWith("$") && glob.length() > (start ? 1 : 0);
        String body = glob.substring(start ? 1 : 0, end ? glob.length() - 1 : glob.length());
        regex.append(start ? "^" : "");
        String[] parts = body.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            regex.append(i > 0 ? ".*" : "").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.append(end ? "$" : "").toString());
    }

    /** True when the rule's kind names the finding's and its pattern matches the resource, a site or a frame. */
    public boolean matches(Finding f) {
        if (!Kinds.selects(kind, f.kind())) {
            return false;
        }
        if (found(f.resource().name())) {
            return true;
        }
        for (Access a : f.accesses()) {
            if (found(a.site().frame())) {
                return true;
            }
            for (String frame : a.stack()) {
                if (found(frame)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean found(String s) {
        return s != null && pattern.matcher(s).find();
    }

    /** The suppression this rule gives a finding it matches. */
    public Suppression suppression(boolean inSource) {
        return new Suppression(text, reason, inSource);
    }

    @Override
    public String toString() {
        return text;
    }
}
