package io.racewatch.report;

import io.racewatch.runtime.Log;
import io.racewatch.runtime.Site;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code racewatch.html}: the findings and the lock-wait report as one self-contained page (no
 * network: styles, script and pictures inline). Per finding, the interleaving as a swim-lane
 * timeline ({@link SwimLaneSvg}) or, for a task, its owner's lifecycle ({@link TimerLifecycleSvg}),
 * and the accesses with their sites linked to the source files SARIF names; then the lock-wait
 * tables with a histogram per lock ({@link LockWaitHtml}). It reads the same model as the other
 * reports and computes nothing of its own.
 */
public final class HtmlReport {
    public static final String FILE = "racewatch.html";

    private HtmlReport() {
    }

    /** Writes the page for the findings of this JVM (and its lock-wait report) into {@code dir}. */
    public static Path writeAtExit(Path dir) throws IOException {
        String page = render(Findings.all(), Findings.suppressed(), locks(LockWaitReport.json()), new SourcePaths(Path.of("")));
        return Files.writeString(dir.resolve(FILE), page, StandardCharsets.UTF_8);
    }

    /** The {@code locks} of a {@code lock-waits.json} text; none when it cannot be read. */
    static List<Map<?, ?>> locks(String lockWaitsJson) {
        List<Map<?, ?>> out = new ArrayList<>();
        try {
            if (JsonParser.parse(lockWaitsJson) instanceof Map<?, ?> root && root.get("locks") instanceof List<?> locks) {
                for (Object l : locks) {
                    if (l instanceof Map<?, ?> m) {
                        out.add(m);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            Log.error("lock-wait report not readable (" + e.getMessage() + "); the page shows no lock waits", null);
        }
        return out;
    }

    static String render(List<Finding> reported, List<Finding> suppressed, List<Map<?, ?>> locks, SourcePaths paths) {
        StringBuilder out = new StringBuilder(16_384);
        out.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>racewatch report</title><style>")
            .append(STYLE).append("</style></head><body><h1>racewatch report</h1><p class=\"summary\">")
            .append(Html.esc(ReportWriter.summary(reported, suppressed))).append("</p>");
        out.append("<nav><ol>");
        for (int i = 0; i < reported.size(); i++) {
            Finding f = reported.get(i);
            out.append("<li><a href=\"#finding-").append(i + 1).append("\">").append(Html.esc(headline(f))).append("</a></li>");
        }
        out.append("</ol><a href=\"#locks\">Lock waits</a></nav><section id=\"findings\"><h2>Findings</h2>");
        if (reported.isEmpty()) {
            out.append("<p>No findings.</p>");
        }
        for (int i = 0; i < reported.size(); i++) {
            finding(out, reported.get(i), i + 1, paths);
        }
        out.append("</section>");
        if (!suppressed.isEmpty()) {
            out.append("<section id=\"suppressed\"><h2>Suppressed (").append(suppressed.size()).append(")</h2><ul>");
            for (Finding f : suppressed) {
                out.append("<li>").append(Html.esc(headline(f))).append(f.test() == null ? "" : " during test " + Html.esc(f.test().name()))
                    .append(": ").append(Html.esc(f.suppression().describe())).append("</li>");
            }
            out.append("</ul></section>");
        }
        out.append(LockWaitHtml.render(locks));
        return out.append("<script>").append(SCRIPT).append("</script></body></html>\n").toString();
    }

    private static void finding(StringBuilder out, Finding f, int n, SourcePaths paths) {
        Kinds.Kind kind = Kinds.byName(f.kind());
        out.append("<article class=\"finding ").append(Html.esc(f.kind())).append("\" id=\"finding-").append(n).append("\"><h3>")
            .append(n).append(". <span class=\"kind\">").append(Html.esc(f.kind())).append("</span> on ")
            .append(Html.esc(f.resource().name())).append(f.resource().key() == null ? "" : " key " + Html.esc(f.resource().key()))
            .append(" <small>(").append(Html.esc(f.resource().clazz())).append(')').append(f.count() > 1 ? ", seen " + f.count() + " times" : "")
            .append(kind == null ? "" : ", " + kind.ruleId()).append("</small></h3>")
            .append("<p class=\"severity ").append(Html.esc(f.severity().level())).append("\"><b>").append(Html.esc(f.severity().level()))
            .append("</b>").append(f.severity().reason().isEmpty() ? "" : ": " + Html.esc(f.severity().reason())).append("</p>");
        if (f.test() != null) {
            out.append("<p class=\"test\">during test <code>").append(Html.esc(f.test().name())).append("</code></p>");
        }
        out.append("<p class=\"message\">").append(Html.esc(f.message())).append("</p>");
        if (TimerLifecycleSvg.applies(f)) {
            out.append("<h4>Owner's lifecycle</h4>").append(TimerLifecycleSvg.render(f));
        }
        out.append("<h4>Interleaving (").append(f.observed() ? "as it happened" : "as it can happen; recorded order shown")
            .append(")</h4><div class=\"scroll\">").append(SwimLaneSvg.render(f)).append("</div><h4>Accesses</h4><ol class=\"accesses\">");
        for (Access a : f.accesses()) {
            out.append("<li><b>").append(Html.esc(a.thread())).append("</b> ").append(Html.esc(a.op())).append(" at ")
                .append(link(a.site(), paths)).append("<details><summary>stack</summary><pre>");
            for (String frame : a.stack()) {
                out.append("at ").append(Html.esc(frame)).append('\n');
            }
            out.append("</pre></details></li>");
        }
        out.append("</ol></article>");
    }

    /** The site, linked to its source file under the repository root (the path SARIF gives). */
    private static String link(Site site, SourcePaths paths) {
        String relative = paths.of(site);
        String href = paths.root().resolve(relative).toUri() + (site.line > 0 ? "#L" + site.line : "");
        return "<a class=\"site\" href=\"" + Html.esc(href) + "\" title=\"" + Html.esc(relative) + "\">" + Html.esc(site.frame()) + "</a>";
    }

    private static String headline(Finding f) {
        return f.kind() + " on " + f.resource().name() + (f.resource().key() == null ? "" : " key " + f.resource().key());
    }

    private static final String STYLE = String.join("\n",
        "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}",
        "h1{margin:0 0 .3em}.summary{font-weight:600}nav ol{columns:2}",
        "article.finding{border:1px solid #ccc;border-radius:6px;padding:.5em 1em;margin:1em 0}",
        ".kind{color:#a40000}.lock-hold .kind,.lock-order .kind,.timer-outlives-owner .kind{color:#a05a00}",
        ".scroll{overflow-x:auto}svg text{font:12px monospace;fill:#222}svg text.site{fill:#555;font-size:11px}",
        "svg .even{fill:#f4f6f8}svg .odd{fill:#e9edf1}svg text.thread{font-weight:bold}",
        "svg .event rect{fill:#dde3ea;stroke:#8a99a8}svg .event.essential rect{fill:#ffd7a8;stroke:#c05000;stroke-width:2}",
        "svg .alive{fill:#9fd39f}svg .closed{fill:#eee;stroke:#999;stroke-dasharray:4 2}svg .end{stroke:#a40000;stroke-width:2}",
        "svg .run{fill:#4a78b5}svg .run.late{fill:#c00}svg .sched{fill:#6a6}svg .planned{fill:#c00;opacity:.6}svg .axis{stroke:#555}",
        "svg .bar{fill:#4a78b5}",
        "table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:2px 6px}th{background:#eef;cursor:pointer}",
        "td.num{text-align:right;font-variant-numeric:tabular-nums}pre{font-size:12px;background:#f7f7f7;padding:4px}");

    /**
     * Sorts a table by the clicked column: numbers by their data-sort value, text alphabetically; a
     * second click reverses. Marks the body when it has run, for the headless-browser test.
     */
    private static final String SCRIPT = String.join("\n",
        "document.querySelectorAll('table.sortable th').forEach(function(th){",
        " th.addEventListener('click',function(){",
        "  var table=th.closest('table'),body=table.tBodies[0],col=th.cellIndex,asc=th.dataset.dir!=='asc';",
        "  var rows=Array.prototype.slice.call(body.rows);",
        "  rows.sort(function(a,b){var x=a.cells[col],y=b.cells[col];",
        "   var c=x.dataset.sort!==undefined?Number(x.dataset.sort)-Number(y.dataset.sort):x.textContent.localeCompare(y.textContent);",
        "   return asc?c:-c;});",
        "  rows.forEach(function(r){body.appendChild(r);});th.dataset.dir=asc?'asc':'desc';",
        " });",
        "});",
        "document.body.setAttribute('data-script', 'ran');");
}
