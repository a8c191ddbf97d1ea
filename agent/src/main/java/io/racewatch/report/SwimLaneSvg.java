package io.racewatch.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A finding's interleaving as a swim-lane timeline in SVG: one lane per thread, the resource's
 * events left to right in the order they happened, the finding's own accesses highlighted and
 * numbered. Without a history, the accesses alone are drawn.
 */
final class SwimLaneSvg {
    private static final int LABEL = 150;
    private static final int STEP = 120;
    private static final int LANE = 46;
    private static final int TOP = 10;

    private SwimLaneSvg() {
    }

    /** One event to draw: who, what, where, and whether it is one of the finding's accesses. */
    private record Mark(String thread, String op, String site, boolean essential) {
    }

    static String render(Finding f) {
        List<Mark> marks = new ArrayList<>();
        if (!f.history().isEmpty()) {
            for (HistoryRow row : f.history()) {
                boolean essential = f.accesses().stream().anyMatch(a -> a.seq() == row.seq());
                marks.add(new Mark(row.thread(), row.op(), row.site().shortForm(), essential));
            }
        } else {
            for (Access a : f.accesses()) {
                marks.add(new Mark(a.thread(), a.op(), a.site().shortForm(), true));
            }
        }
        List<String> threads = new ArrayList<>();
        for (Mark m : marks) {
            if (!threads.contains(m.thread())) {
                threads.add(m.thread());
            }
        }
        int width = LABEL + STEP * Math.max(1, marks.size()) + 20;
        int height = TOP * 2 + LANE * Math.max(1, threads.size());
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"lanes\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
            .append(height).append("\" role=\"img\" aria-label=\"interleaving of ").append(Html.esc(f.resource().name())).append("\">");
        for (int t = 0; t < threads.size(); t++) {
            int y = TOP + t * LANE;
            svg.append("<g class=\"lane\"><rect x=\"0\" y=\"").append(y).append("\" width=\"").append(width).append("\" height=\"")
                .append(LANE - 4).append("\" class=\"").append(t % 2 == 0 ? "even" : "odd").append("\"/>")
                .append("<text x=\"6\" y=\"").append(y + LANE / 2).append("\" class=\"thread\">").append(Html.esc(cut(threads.get(t), 22)))
                .append("</text></g>");
        }
        int n = 0;
        for (int i = 0; i < marks.size(); i++) {
            Mark m = marks.get(i);
            int x = LABEL + i * STEP;
            int y = TOP + threads.indexOf(m.thread()) * LANE;
            svg.append("<g class=\"").append(m.essential() ? "event essential" : "event").append("\"><title>")
                .append(Html.esc(m.thread() + ": " + m.op() + " at " + m.site())).append("</title>")
                .append("<rect x=\"").append(x).append("\" y=\"").append(y + 5).append("\" width=\"").append(STEP - 10)
                .append("\" height=\"").append(LANE - 14).append("\" rx=\"4\"/>")
                .append("<text x=\"").append(x + 5).append("\" y=\"").append(y + 19).append("\">")
                .append(m.essential() ? ++n + ". " : "").append(Html.esc(cut(m.op(), 14))).append("</text>")
                .append("<text x=\"").append(x + 5).append("\" y=\"").append(y + 32).append("\" class=\"site\">")
                .append(Html.esc(cut(m.site(), 19))).append("</text></g>");
        }
        return svg.append("</svg>").toString();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
