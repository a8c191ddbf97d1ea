package io.racewatch.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A finding's interleaving as a swim-lane timeline in SVG: one lane per thread, the resource's
 * events left to right in the order they happened, the finding's own accesses highlighted and
 * numbered. Three or more events of one thread in a row that are not the finding's own are drawn
 * as one box (listed in its tooltip), so that a long history keeps the accesses in view. Without a
 * history, the accesses alone are drawn.
 */
final class SwimLaneSvg {
    private static final int LABEL = 150;
    private static final int STEP = 140;
    private static final int COLLAPSE = 3;
    private static final int LANE = 46;
    private static final int TOP = 10;

    private SwimLaneSvg() {
    }

    /** One box to draw: who, what, where, whether it is one of the finding's accesses, and its tooltip. */
    private record Mark(String thread, String op, String site, int access, String title) {
        Mark(String thread, String op, String site, int access) {
            this(thread, op, site, access, thread + ": " + op + " at " + site);
        }

        /** One of the finding's accesses (numbered as in the list of accesses), not only an event of the history. */
        boolean essential() {
            return access > 0;
        }
    }

    /** Runs of {@link #COLLAPSE} or more non-essential events of one thread become one box. */
    private static List<Mark> collapse(List<Mark> marks) {
        List<Mark> out = new ArrayList<>();
        int i = 0;
        while (i < marks.size()) {
            int j = i;
            while (j < marks.size() && !marks.get(j).essential() && marks.get(j).thread().equals(marks.get(i).thread())) {
                j++;
            }
            if (j - i >= COLLAPSE) {
                StringBuilder title = new StringBuilder();
                for (Mark m : marks.subList(i, j)) {
                    title.append(m.title()).append('\n');
                }
                out.add(new Mark(marks.get(i).thread(), (j - i) + " events", marks.get(i).site() + "\u2026", 0, title.toString().trim()));
                i = j;
            } else {
                out.add(marks.get(i++));
            }
        }
        return out;
    }

    static String render(Finding f) {
        List<Mark> marks = new ArrayList<>();
        if (!f.history().isEmpty()) {
            for (HistoryRow row : f.history()) {
                int access = 0;
                for (int i = 0; i < f.accesses().size() && access == 0; i++) {
                    access = f.accesses().get(i).seq() == row.seq() ? i + 1 : 0;
                }
                marks.add(new Mark(row.thread(), row.op(), row.site().shortForm(), access));
            }
        } else {
            for (int i = 0; i < f.accesses().size(); i++) {
                Access a = f.accesses().get(i);
                marks.add(new Mark(a.thread(), a.op(), a.site().shortForm(), i + 1));
            }
        }
        marks = collapse(marks);
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
        for (int i = 0; i < marks.size(); i++) {
            Mark m = marks.get(i);
            int x = LABEL + i * STEP;
            int y = TOP + threads.indexOf(m.thread()) * LANE;
            svg.append("<g class=\"").append(m.essential() ? "event essential" : "event").append("\"><title>")
                .append(Html.esc(m.title())).append("</title>")
                .append("<rect x=\"").append(x).append("\" y=\"").append(y + 5).append("\" width=\"").append(STEP - 10)
                .append("\" height=\"").append(LANE - 14).append("\" rx=\"4\"/>")
                .append("<text x=\"").append(x + 5).append("\" y=\"").append(y + 19).append("\">")
                .append(m.essential() ? m.access() + ". " : "").append(Html.esc(cut(m.op(), 14))).append("</text>")
                .append("<text x=\"").append(x + 5).append("\" y=\"").append(y + 32).append("\" class=\"site\">")
                .append(Html.esc(cut(m.site(), 19))).append("</text></g>");
        }
        return svg.append("</svg>").toString();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
