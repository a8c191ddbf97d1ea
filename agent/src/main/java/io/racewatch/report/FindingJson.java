package io.racewatch.report;

import io.racewatch.runtime.Site;

import java.util.Map;

/** A finding as one line of {@code findings.jsonl} (schema in the README). */
final class FindingJson {
    private FindingJson() {
    }

    static String line(Finding f) {
        return line(f, null);
    }

    /** The finding's line, naming the JVM that wrote it ({@code pid@start}) when several may write to one file. */
    static String line(Finding f, String jvm) {
        Json j = new Json().beginObject()
            .field("kind", f.kind())
            .field("severity", f.severity().level())
            .field("severityReason", f.severity().reason())
            .field("message", f.message())
            .name("resource").beginObject()
            .field("type", f.resource().type())
            .field("name", f.resource().name())
            .field("class", f.resource().clazz());
        if (f.resource().key() != null) {
            j.field("key", f.resource().key());
        }
        for (Map.Entry<String, Object> d : f.resource().details().entrySet()) {
            if (d.getValue() instanceof Long n) {
                j.field(d.getKey(), n);
            } else {
                j.field(d.getKey(), String.valueOf(d.getValue()));
            }
        }
        j.endObject().name("accesses").beginArray();
        for (Access a : f.accesses()) {
            j.beginObject().field("thread", a.thread()).field("op", a.op());
            if (a.seq() >= 0) {
                j.field("seq", a.seq());
            }
            site(j.name("site"), a.site());
            j.name("stack").beginArray();
            for (String frame : a.stack()) {
                j.value(frame);
            }
            j.endArray().endObject();
        }
        j.endArray().name("history").beginArray();
        for (HistoryRow row : f.history()) {
            j.beginObject().field("seq", row.seq()).field("thread", row.thread()).field("op", row.op());
            site(j.name("site"), row.site());
            j.endObject();
        }
        j.endArray();
        if (f.test() != null) {
            j.field("test", f.test().name()).field("testId", f.test().id());
        }
        if (jvm != null) {
            j.field("jvm", jvm);
        }
        return j.field("observed", f.observed())
            .field("count", f.count())
            .field("time", f.time().toString())
            .endObject().toString();
    }

    private static void site(Json j, Site s) {
        j.beginObject().field("class", s.className).field("method", s.method).field("file", s.file).field("line", s.line).endObject();
    }
}
