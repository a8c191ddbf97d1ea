package io.racewatch.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code timer-outlives-owner} finding as its owner's lifecycle: the owner's life bar up to its
 * lifecycle end, the task's events before and after it in the order they happened, and, on a
 * millisecond axis from the end, the runs still planned (the next run, then every period).
 */
final class TimerLifecycleSvg {
    private static final int WIDTH = 760;
    private static final int ZERO = 330;
    private static final int PLANNED = 5;

    private TimerLifecycleSvg() {
    }

    static boolean applies(Finding f) {
        return "task".equals(f.resource().type());
    }

    static String render(Finding f) {
        Object next = f.resource().details().get("nextRunMs");
        Object period = f.resource().details().get("periodMs");
        Object delay = f.resource().details().get("delayMs");
        String closeOp = null;
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (HistoryRow row : f.history()) {
            boolean isRun = row.op().equals("run");
            boolean isSchedule = row.op().startsWith("schedule") || row.op().equals("execute") || row.op().equals("submit")
                || row.op().endsWith("Async") || row.op().endsWith("Timeout");
            if (!isRun && !isSchedule && closeOp == null) {
                closeOp = row.op() + " " + row.site().shortForm();
            } else if (closeOp == null) {
                before.add(row.op());
            } else {
                after.add(row.op());
            }
        }
        StringBuilder svg = new StringBuilder("<svg class=\"lifecycle\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
            .append(WIDTH).append("\" height=\"120\" role=\"img\" aria-label=\"lifecycle of the owner\">");
        svg.append("<text x=\"4\" y=\"28\" class=\"thread\">owner</text><text x=\"4\" y=\"68\" class=\"thread\">task</text>");
        svg.append("<rect class=\"alive\" x=\"80\" y=\"16\" width=\"").append(ZERO - 80).append("\" height=\"16\"><title>owner alive</title></rect>");
        svg.append("<rect class=\"closed\" x=\"").append(ZERO).append("\" y=\"16\" width=\"").append(WIDTH - ZERO - 10)
            .append("\" height=\"16\"><title>owner closed</title></rect>");
        svg.append("<line class=\"end\" x1=\"").append(ZERO).append("\" y1=\"8\" x2=\"").append(ZERO).append("\" y2=\"96\"/>")
            .append("<text x=\"").append(ZERO + 4).append("\" y=\"12\" class=\"site\">")
            .append(Html.esc(closeOp == null ? String.valueOf(f.resource().details().get("event")) : closeOp)).append("</text>");
        // Before the end only the order is known: events evenly spaced.
        for (int i = 0; i < before.size(); i++) {
            int x = 90 + i * Math.max(20, (ZERO - 110) / Math.max(1, before.size()));
            svg.append("<circle class=\"").append(before.get(i).equals("run") ? "run" : "sched").append("\" cx=\"").append(x)
                .append("\" cy=\"62\" r=\"6\"><title>").append(Html.esc(before.get(i))).append(" (before the end)</title></circle>");
        }
        for (int i = 0; i < after.size(); i++) {
            svg.append("<circle class=\"run late\" cx=\"").append(ZERO + 14 + i * 16)
                .append("\" cy=\"62\" r=\"6\"><title>").append(Html.esc(after.get(i))).append(" after the end</title></circle>");
        }
        if (next instanceof Long n) {
            long p = period instanceof Long q && q > 0 ? q : 0;
            long span = Math.max(1, Math.max(0, n) + p * (PLANNED - 1));
            double scale = (WIDTH - ZERO - 40) / (double) span;
            for (int i = 0; i < (p > 0 ? PLANNED : 1); i++) {
                long at = Math.max(0, n) + p * i;
                int x = ZERO + 20 + (int) (at * scale);
                svg.append("<rect class=\"planned\" x=\"").append(x - 4).append("\" y=\"56\" width=\"8\" height=\"12\"><title>planned run at +")
                    .append(at).append(" ms</title></rect>");
            }
            svg.append("<line class=\"axis\" x1=\"").append(ZERO).append("\" y1=\"88\" x2=\"").append(WIDTH - 10).append("\" y2=\"88\"/>")
                .append("<text x=\"").append(ZERO).append("\" y=\"106\" class=\"site\">0 ms</text>")
                .append("<text x=\"").append(WIDTH - 90).append("\" y=\"106\" class=\"site\">+").append(span).append(" ms</text>");
        }
        svg.append("<text x=\"80\" y=\"106\" class=\"site\">").append(Html.esc("delay " + delay + " ms"
            + (period == null ? "" : ", period " + period + " ms"))).append("</text>");
        return svg.append("</svg>").toString();
    }
}
