package io.racewatch.report;

import io.racewatch.runtime.Site;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings as a SARIF 2.1.0 log, for code scanning: one rule per kind with a stable id
 * ({@link Kinds}), one result per finding located at its first access, the other accesses as
 * related locations, and the interleaving as a code flow with one thread flow per thread.
 * Suppressed findings are results with a {@code suppressions} entry, so that scanners show them
 * as dismissed with their reason instead of losing them.
 */
final class SarifReport {
    static final String FILE = "racewatch.sarif";
    private static final String SRCROOT = "%SRCROOT%";

    /** One event of a thread flow. */
    private record Step(Site site, String text, int order, boolean essential) {
    }

    private final SourcePaths paths;
    private final Json j = new Json();

    private SarifReport(SourcePaths paths) {
        this.paths = paths;
    }

    static String render(List<Finding> reported, List<Finding> suppressed, SourcePaths paths) {
        return log(List.of(results(reported, suppressed, paths)), paths);
    }

    /**
     * One JVM's results, as comma-separated JSON objects (a fragment of the results array): each
     * JVM that writes to a report directory keeps its own, and the log is made of them all.
     */
    static String results(List<Finding> reported, List<Finding> suppressed, SourcePaths paths) {
        SarifReport r = new SarifReport(paths);
        for (Finding f : reported) {
            r.result(f);
        }
        for (Finding f : suppressed) {
            r.result(f);
        }
        return r.j.toString();
    }

    /** The SARIF log: one run of racewatch whose results are every JVM's fragments, in order. */
    static String log(List<String> fragments, SourcePaths paths) {
        SarifReport r = new SarifReport(paths);
        Json j = r.j;
        j.beginObject().field("$schema", "https://json.schemastore.org/sarif-2.1.0.json").field("version", "2.1.0")
            .name("runs").beginArray().beginObject();
        r.tool();
        j.name("originalUriBaseIds").beginObject().name(SRCROOT).beginObject()
            .field("uri", paths.root().toUri().toString()).endObject().endObject();
        j.name("results").beginArray();
        for (String fragment : fragments) {
            j.rawItems(fragment.trim());
        }
        return j.endArray().endObject().endArray().endObject().toString();
    }

    private void tool() {
        j.name("tool").beginObject().name("driver").beginObject().field("name", "racewatch");
        String version = SarifReport.class.getPackage() == null ? null : SarifReport.class.getPackage().getImplementationVersion();
        if (version != null) {
            j.field("version", version);
        }
        j.name("rules").beginArray();
        for (Kinds.Kind k : Kinds.ALL) {
            j.beginObject().field("id", k.ruleId()).field("name", k.title())
                .name("shortDescription").beginObject().field("text", k.name() + ": " + k.description()).endObject()
                .name("fullDescription").beginObject().field("text", k.description()).endObject()
                .name("defaultConfiguration").beginObject().field("level", k.level()).endObject()
                .name("properties").beginObject().name("tags").beginArray().value("concurrency").value(k.name()).endArray()
                .endObject().endObject();
        }
        j.endArray().endObject().endObject();
    }

    private void result(Finding f) {
        Kinds.Kind kind = Kinds.byName(f.kind());
        j.beginObject().field("ruleId", kind == null ? f.kind() : kind.ruleId());
        if (kind != null) {
            j.field("ruleIndex", Kinds.ALL.indexOf(kind));
        }
        j.field("level", f.severity().level());
        j.name("message").beginObject().field("text", headline(f) + "\n" + f.message()).endObject();
        List<Access> accesses = f.accesses();
        j.name("locations").beginArray();
        if (!accesses.isEmpty()) {
            location(accesses.get(0).site(), describe(accesses.get(0)), -1);
        }
        j.endArray().name("relatedLocations").beginArray();
        for (int i = 1; i < accesses.size(); i++) {
            location(accesses.get(i).site(), describe(accesses.get(i)), i);
        }
        j.endArray();
        codeFlow(f);
        j.name("partialFingerprints").beginObject().field("racewatchSites/v1", fingerprint(f)).endObject();
        if (f.suppression() != null) {
            Suppression s = f.suppression();
            j.name("suppressions").beginArray().beginObject().field("kind", s.inSource() ? "inSource" : "external")
                .field("justification", s.describe()).endObject().endArray();
        }
        properties(f);
        j.endObject();
    }

    private void properties(Finding f) {
        j.name("properties").beginObject().field("kind", f.kind()).field("resource", f.resource().name())
            .field("resourceClass", f.resource().clazz()).field("observed", f.observed()).field("count", f.count());
        if (f.resource().key() != null) {
            j.field("key", f.resource().key());
        }
        if (f.test() != null) {
            j.field("test", f.test().name()).field("testId", f.test().id());
        }
        j.endObject();
    }

    /** The interleaving: history rows (or, without a history, the accesses) in order, one thread flow per thread. */
    private void codeFlow(Finding f) {
        Map<String, List<Step>> byThread = new LinkedHashMap<>();
        int order = 0;
        if (!f.history().isEmpty()) {
            for (HistoryRow row : f.history()) {
                boolean essential = f.accesses().stream().anyMatch(a -> a.seq() == row.seq());
                byThread.computeIfAbsent(row.thread(), t -> new ArrayList<>())
                    .add(new Step(row.site(), row.op() + " " + row.site().shortForm(), ++order, essential));
            }
        } else {
            for (Access a : f.accesses()) {
                byThread.computeIfAbsent(a.thread(), t -> new ArrayList<>())
                    .add(new Step(a.site(), a.op() + " " + a.site().shortForm(), ++order, true));
            }
        }
        if (byThread.isEmpty()) {
            return;
        }
        j.name("codeFlows").beginArray().beginObject().name("message").beginObject()
            .field("text", f.observed() ? "Interleaving as it happened" : "Interleaving as recorded; another order can lose the update")
            .endObject().name("threadFlows").beginArray();
        for (Map.Entry<String, List<Step>> e : byThread.entrySet()) {
            j.beginObject().field("id", e.getKey()).name("message").beginObject().field("text", "thread " + e.getKey()).endObject()
                .name("locations").beginArray();
            for (Step step : e.getValue()) {
                j.beginObject().name("location");
                location(step.site(), step.text(), -1);
                j.field("executionOrder", step.order()).field("importance", step.essential() ? "essential" : "important")
                    .endObject();
            }
            j.endArray().endObject();
        }
        j.endArray().endObject().endArray();
    }

    private void location(Site site, String message, int id) {
        j.beginObject();
        if (id >= 0) {
            j.field("id", id);
        }
        j.name("physicalLocation").beginObject().name("artifactLocation").beginObject()
            .field("uri", paths.of(site)).field("uriBaseId", SRCROOT).endObject();
        if (site.line > 0) {
            j.name("region").beginObject().field("startLine", site.line).endObject();
        }
        j.endObject().name("logicalLocations").beginArray().beginObject()
            .field("fullyQualifiedName", site.className + "." + site.method).field("kind", "function").endObject().endArray()
            .name("message").beginObject().field("text", message).endObject().endObject();
    }

    private static String describe(Access a) {
        return a.thread() + ": " + a.op() + " at " + a.site().shortForm();
    }

    private static String headline(Finding f) {
        return f.kind() + " on " + f.resource().name() + (f.resource().key() == null ? "" : " key " + f.resource().key());
    }

    /** Stable across runs: the kind and the accesses' code positions (site ids change from run to run). */
    private static String fingerprint(Finding f) {
        StringBuilder s = new StringBuilder(f.kind());
        for (Access a : f.accesses()) {
            s.append('|').append(a.op()).append('@').append(a.site().frame());
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                hex.append(String.format("%02x", hash[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            return Integer.toHexString(s.toString().hashCode());
        }
    }
}
