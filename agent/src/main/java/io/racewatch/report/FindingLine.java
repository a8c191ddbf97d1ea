package io.racewatch.report;

import io.racewatch.runtime.RecordedSites;
import io.racewatch.runtime.Site;
import io.racewatch.runtime.TestContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a finding back from its line of {@code findings.jsonl}, the inverse of {@link FindingJson}:
 * what another JVM found, for merged reports. Fields added later are ignored; a {@code severity}
 * field is taken when present.
 */
public final class FindingLine {
    private static final List<String> RESOURCE_FIELDS = List.of("type", "name", "class", "key");

    private FindingLine() {
    }

    /**
     * Parses one line.
     *
     * @throws IllegalArgumentException when it is not a finding, naming what is wrong
     */
    public static RecordedFinding parse(String line) {
        Object parsed = JsonParser.parse(line);
        if (!(parsed instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String kind = text(root, "kind");
        Map<?, ?> res = object(root, "resource");
        Map<String, Object> details = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : res.entrySet()) {
            if (!RESOURCE_FIELDS.contains(e.getKey())) {
                details.put((String) e.getKey(), e.getValue() instanceof Long n ? n : String.valueOf(e.getValue()));
            }
        }
        Finding.Resource resource = new Finding.Resource(text(res, "type"), text(res, "name"), text(res, "class"),
            optionalText(res, "key"), details);
        List<HistoryRow> history = new ArrayList<>();
        for (Object o : array(root, "history")) {
            Map<?, ?> row = (Map<?, ?>) o;
            history.add(new HistoryRow(number(row, "seq"), text(row, "thread"), text(row, "op"), site(object(row, "site"))));
        }
        List<Access> accesses = new ArrayList<>();
        for (Object o : array(root, "accesses")) {
            Map<?, ?> a = (Map<?, ?>) o;
            List<String> stack = new ArrayList<>();
            for (Object frame : array(a, "stack")) {
                stack.add(String.valueOf(frame));
            }
            Site site = site(object(a, "site"));
            String thread = text(a, "thread");
            String op = text(a, "op");
            long seq = a.get("seq") instanceof Long n ? n : seqInHistory(history, thread, op, site);
            accesses.add(new Access(thread, op, site, stack.toArray(new String[0]), seq));
        }
        String testId = optionalText(root, "testId");
        TestContext test = testId == null ? null : new TestContext(testId, text(root, "test"), 0);
        Object observed = root.get("observed");
        Instant time = root.get("time") instanceof String t ? Instant.parse(t) : Instant.EPOCH;
        int count = root.get("count") instanceof Long n ? (int) Math.max(1, Math.min(Integer.MAX_VALUE, n)) : 1;
        String level = optionalText(root, "severity");
        Severity severity = level == null ? Severity.ofKind(kind)
            : new Severity(Severity.parse(level), optionalText(root, "severityReason"));
        Finding f = new Finding(kind, text(root, "message"), resource, accesses, history, Boolean.TRUE.equals(observed),
            new int[0], time, test, count, severity);
        return new RecordedFinding(f, severity.level());
    }

    /** Lines written before accesses carried their position: the last history row that is the same access. */
    private static long seqInHistory(List<HistoryRow> history, String thread, String op, Site site) {
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryRow r = history.get(i);
            if (r.thread().equals(thread) && r.op().equals(op) && r.site().frame().equals(site.frame())) {
                return r.seq();
            }
        }
        return -1;
    }

    private static Site site(Map<?, ?> s) {
        Object line = s.get("line");
        return RecordedSites.of(text(s, "class"), text(s, "method"), optionalText(s, "file"),
            line instanceof Long n ? n.intValue() : -1);
    }

    private static String text(Map<?, ?> m, String field) {
        String v = optionalText(m, field);
        if (v == null) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return v;
    }

    private static String optionalText(Map<?, ?> m, String field) {
        Object v = m.get(field);
        return v == null ? null : String.valueOf(v);
    }

    private static long number(Map<?, ?> m, String field) {
        if (m.get(field) instanceof Long n) {
            return n;
        }
        throw new IllegalArgumentException("missing number '" + field + "'");
    }

    private static Map<?, ?> object(Map<?, ?> m, String field) {
        if (m.get(field) instanceof Map<?, ?> o) {
            return o;
        }
        throw new IllegalArgumentException("missing object '" + field + "'");
    }

    private static List<?> array(Map<?, ?> m, String field) {
        Object v = m.get(field);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException("'" + field + "' is not an array");
    }
}
