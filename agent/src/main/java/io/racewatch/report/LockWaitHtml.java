package io.racewatch.report;

import java.util.List;
import java.util.Map;

/**
 * The lock-wait report ({@code lock-waits.json}) as HTML: one sortable table of locks, and per
 * lock the sites that waited, the holders that made others wait, and a wait-time histogram
 * when the report has one.
 */
final class LockWaitHtml {
    private LockWaitHtml() {
    }

    /** {@code locks}: the {@code locks} array of {@code lock-waits.json}, one map per lock. */
    static String render(List<Map<?, ?>> locks) {
        StringBuilder out = new StringBuilder("<section id=\"locks\"><h2>Lock waits</h2>");
        if (locks.isEmpty()) {
            return out.append("<p>No lock was taken by instrumented code.</p></section>").toString();
        }
        out.append("<p>Times in ms; waits are those of contended acquisitions. Click a column to sort.</p>")
            .append("<table class=\"sortable\" id=\"lock-table\"><thead><tr>");
        for (String h : List.of("lock", "class", "acquired", "contended", "contended %", "wait total", "mean", "p50", "p99", "max",
            "hold p99", "hold max")) {
            out.append("<th>").append(h).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        for (Map<?, ?> l : locks) {
            long acquired = num(l, "acquisitions");
            long contended = num(l, "contended");
            out.append("<tr><td><a href=\"#lock-").append(Html.esc(str(l, "name"))).append("\">").append(Html.esc(str(l, "name")))
                .append("</a></td><td>").append(Html.esc(str(l, "class"))).append("</td>")
                .append(cell(acquired, String.valueOf(acquired))).append(cell(contended, String.valueOf(contended)))
                .append(cell(acquired == 0 ? 0 : 1000 * contended / acquired,
                    String.format(java.util.Locale.ROOT, "%.1f", acquired == 0 ? 0.0 : 100.0 * contended / acquired)));
            for (String f : List.of("waitTotalNs", "waitMeanNs", "waitP50Ns", "waitP99Ns", "waitMaxNs", "holdP99Ns", "holdMaxNs")) {
                out.append(cell(num(l, f), Html.ms(num(l, f))));
            }
            out.append("</tr>");
        }
        out.append("</tbody></table>");
        for (Map<?, ?> l : locks) {
            out.append("<div class=\"lock\" id=\"lock-").append(Html.esc(str(l, "name"))).append("\"><h3>").append(Html.esc(str(l, "name")))
                .append("</h3>");
            rows(out, "waited at", l.get("waitedAt"), false);
            rows(out, "held by (the holder that made others wait)", l.get("heldBy"), true);
            if (l.get("waitHistogram") instanceof List<?> buckets && !buckets.isEmpty()) {
                out.append(histogram(buckets));
            } else if (num(l, "contended") == 0) {
                out.append("<p>No contended acquisitions.</p>");
            }
            out.append("</div>");
        }
        return out.append("</section>").toString();
    }

    private static void rows(StringBuilder out, String title, Object rows, boolean holder) {
        if (!(rows instanceof List<?> list) || list.isEmpty()) {
            return;
        }
        out.append("<table class=\"sortable\"><thead><tr><th>").append(title).append("</th>").append(holder ? "<th>thread</th>" : "")
            .append("<th>waits</th><th>wait ms</th></tr></thead><tbody>");
        for (Object o : list) {
            Map<?, ?> r = (Map<?, ?>) o;
            out.append("<tr><td>").append(Html.esc(str(r, "site"))).append("</td>")
                .append(holder ? "<td>" + Html.esc(str(r, "thread")) + "</td>" : "")
                .append(cell(num(r, "waits"), String.valueOf(num(r, "waits")))).append(cell(num(r, "waitNs"), Html.ms(num(r, "waitNs"))))
                .append("</tr>");
        }
        out.append("</tbody></table>");
    }

    /** Bars of wait counts per bucket ({@code upToNs}, {@code count}), heights on a square-root scale so rare long waits show. */
    static String histogram(List<?> buckets) {
        long max = 1;
        for (Object o : buckets) {
            max = Math.max(max, num((Map<?, ?>) o, "count"));
        }
        int bar = 46;
        int height = 120;
        StringBuilder svg = new StringBuilder("<svg class=\"histogram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
            .append(Math.max(520, bar * buckets.size() + 20)).append("\" height=\"").append(height + 40)
            .append("\" role=\"img\" aria-label=\"wait-time histogram\">");
        for (int i = 0; i < buckets.size(); i++) {
            Map<?, ?> b = (Map<?, ?>) buckets.get(i);
            long count = num(b, "count");
            int h = count == 0 ? 0 : Math.max(2, (int) (height * Math.sqrt((double) count / max)));
            int x = 10 + i * bar;
            svg.append("<rect class=\"bar\" x=\"").append(x).append("\" y=\"").append(height - h).append("\" width=\"").append(bar - 4)
                .append("\" height=\"").append(h).append("\"><title>").append(count).append(" waits up to ")
                .append(label(num(b, "upToNs"))).append("</title></rect>")
                .append("<text class=\"site\" x=\"").append(x).append("\" y=\"").append(height + 14).append("\">")
                .append(label(num(b, "upToNs"))).append("</text>");
        }
        return svg.append("<text class=\"site\" x=\"10\" y=\"").append(height + 32)
            .append("\">wait time (upper bound of each bucket); bar height: square root of the count</text></svg>").toString();
    }

    /** A bucket's upper bound, rounded: HdrHistogram's bounds are one below a round number (3999 ns is 4 µs). */
    private static String label(long ns) {
        if (ns < 999_500) {
            return ((ns + 500) / 1000) + "\u00b5s";
        }
        return ns < 999_500_000 ? ((ns + 500_000) / 1_000_000) + "ms" : ((ns + 500_000_000) / 1_000_000_000) + "s";
    }

    private static String cell(long sortKey, String text) {
        return "<td class=\"num\" data-sort=\"" + sortKey + "\">" + text + "</td>";
    }

    private static long num(Map<?, ?> m, String field) {
        return m.get(field) instanceof Number n ? n.longValue() : 0;
    }

    private static String str(Map<?, ?> m, String field) {
        Object v = m.get(field);
        return v == null ? "" : String.valueOf(v);
    }
}
