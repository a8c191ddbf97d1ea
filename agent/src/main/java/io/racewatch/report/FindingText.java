package io.racewatch.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A finding as a person reads it: the message, the accesses with their sites, the access
 * history drawn as an interleaving table with one column per thread, and the stacks.
 */
public final class FindingText {
    private static final int CELL = 38;

    private FindingText() {
    }

    public static String render(Finding f) {
        StringBuilder out = new StringBuilder();
        out.append(f.kind()).append(" on ").append(f.resource().name());
        if (f.resource().key() != null) {
            out.append(" key ").append(f.resource().key());
        }
        out.append(" (").append(f.resource().clazz()).append(')');
        out.append(": ").append(f.severity().level()); // first line, so that a note and an error differ at a glance
        if (f.count() > 1) {
            out.append(" seen ").append(f.count()).append(" times");
        }
        out.append('\n').append("  ").append(f.message()).append('\n');
        if (!f.severity().reason().isEmpty()) {
            out.append("  Why ").append(f.severity().level()).append(": ").append(f.severity().reason()).append('\n');
        }
        if (!f.history().isEmpty()) {
            out.append("  Interleaving (").append(f.observed() ? "as it happened" : "as it can happen; recorded order shown")
                .append("):\n");
            table(f, out);
        }
        for (Access a : f.accesses()) {
            out.append("  ").append(a.thread()).append(' ').append(a.op()).append(" at ").append(a.site().frame()).append('\n');
            for (String frame : a.stack()) {
                out.append("      at ").append(frame).append('\n');
            }
        }
        return out.toString();
    }

    private static void table(Finding f, StringBuilder out) {
        List<String> threads = new ArrayList<>();
        for (HistoryRow row : f.history()) {
            if (!threads.contains(row.thread())) {
                threads.add(row.thread());
            }
        }
        out.append("    ").append(pad("#", 5));
        for (String t : threads) {
            out.append(pad(t, CELL));
        }
        out.append('\n');
        for (HistoryRow row : f.history()) {
            out.append("    ").append(pad(String.valueOf(row.seq()), 5));
            int col = threads.indexOf(row.thread());
            for (int i = 0; i < threads.size(); i++) {
                String cell = i == col ? row.op() + " " + row.site().shortForm() : "";
                out.append(pad(cell, CELL));
            }
            if (involved(f, row)) {
                out.append(" <");
            }
            out.setLength(trimEnd(out));
            out.append('\n');
        }
    }

    private static boolean involved(Finding f, HistoryRow row) {
        for (Access a : f.accesses()) {
            if (a.seq() == row.seq()) {
                return true;
            }
        }
        return false;
    }

    private static String pad(String s, int width) {
        String t = s.length() >= width - 1 ? s.substring(0, width - 2) + "~" : s;
        return t + " ".repeat(width - t.length());
    }

    private static int trimEnd(StringBuilder sb) {
        int n = sb.length();
        while (n > 0 && sb.charAt(n - 1) == ' ') {
            n--;
        }
        return n;
    }
}
