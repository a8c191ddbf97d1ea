package io.racewatch.report;

import io.racewatch.locks.LockStats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which locks made which threads wait, for how long, and because of whom: per lock,
 * acquisitions, contended share, wait total/mean/p50/p99/max, hold p99/max, the sites that
 * waited most, and the holders (thread and acquiring site) that made others wait most. Text
 * table and JSON, most waited-on lock first.
 */
public final class LockWaitReport {
    public static final String TEXT_FILE = "lock-waits.txt";
    public static final String JSON_FILE = "lock-waits.json";
    private static final int TOP = 3;
    /**
     * The table's header, as {@code String.format("%-34s %-28s %9s %15s %10s %8s %8s %8s %8s %9s %8s%n", ...)}
     * wrote it: not formatted at run time, so that a program that took no lock loads no formatter at exit.
     */
    static final String HEADER = padRight("lock", 34) + " " + padRight("class", 28) + " " + padLeft("acquired", 9) + " "
        + padLeft("contended", 15) + " " + padLeft("wait total", 10) + " " + padLeft("mean", 8) + " " + padLeft("p50", 8) + " "
        + padLeft("p99", 8) + " " + padLeft("max", 8) + " " + padLeft("hold p99", 9) + " " + padLeft("max", 8)
        + System.lineSeparator();

    private LockWaitReport() {
    }

    static List<LockStats.Snapshot> snapshots() {
        List<LockStats.Snapshot> out = new ArrayList<>();
        for (LockStats s : LockStats.all()) {
            out.add(s.snapshot());
        }
        if (out.size() < 2) {
            return out; // nothing to order: no comparator (its lambdas) built at a lock-free program's exit
        }
        out.sort(Comparator.comparingLong(LockStats.Snapshot::waitTotalNs).reversed()
            .thenComparing(Comparator.comparingLong(LockStats.Snapshot::acquisitions).reversed()));
        return out;
    }

    public static String text() {
        List<LockStats.Snapshot> locks = snapshots();
        StringBuilder out = new StringBuilder("racewatch lock waits (times in ms; waits are those of contended acquisitions)\n");
        out.append(HEADER);
        for (LockStats.Snapshot s : locks) {
            out.append(String.format("%-34s %-28s %9d %8d (%3.0f%%) %10s %8s %8s %8s %8s %9s %8s%n", cut(s.name(), 34),
                cut(s.lockClass(), 28), s.acquisitions(), s.contended(), 100 * s.contendedShare(), ms(s.waitTotalNs()),
                ms(s.waitMeanNs()), ms(s.waitP50Ns()), ms(s.waitP99Ns()), ms(s.waitMaxNs()), ms(s.holdP99Ns()), ms(s.holdMaxNs())));
            for (LockStats.Row r : s.waitedAt().subList(0, Math.min(TOP, s.waitedAt().size()))) {
                out.append(String.format("    waited at   %-40s %6d waits %10s ms%n", r.site(), r.count(), ms(r.waitNs())));
            }
            for (LockStats.Row r : s.causedBy().subList(0, Math.min(TOP, s.causedBy().size()))) {
                out.append(String.format("    held by     %-40s %6d waits %10s ms%n", r.thread() + " at " + r.site(), r.count(), ms(r.waitNs())));
            }
        }
        if (locks.isEmpty()) {
            out.append("(no lock was taken by instrumented code)\n");
        }
        return out.toString();
    }

    public static String json() {
        Map<String, LockStats> byName = new HashMap<>();
        for (LockStats l : LockStats.all()) {
            byName.put(l.name + " " + l.lockClass, l);
        }
        Json j = new Json().beginObject().name("locks").beginArray();
        for (LockStats.Snapshot s : snapshots()) {
            j.beginObject().field("name", s.name()).field("class", s.lockClass()).field("acquisitions", s.acquisitions())
                .field("contended", s.contended()).field("waitTotalNs", s.waitTotalNs()).field("waitMeanNs", s.waitMeanNs())
                .field("waitP50Ns", s.waitP50Ns()).field("waitP99Ns", s.waitP99Ns()).field("waitMaxNs", s.waitMaxNs())
                .field("holdP99Ns", s.holdP99Ns()).field("holdMaxNs", s.holdMaxNs());
            rows(j.name("waitedAt"), s.waitedAt());
            rows(j.name("heldBy"), s.causedBy());
            LockStats stats = byName.get(s.name() + " " + s.lockClass());
            j.name("waitHistogram").beginArray();
            for (long[] bucket : stats == null ? List.<long[]>of() : stats.waitBuckets()) {
                j.beginObject().field("upToNs", bucket[0]).field("count", bucket[1]).endObject();
            }
            j.endArray().endObject();
        }
        return j.endArray().endObject().toString();
    }

    private static void rows(Json j, List<LockStats.Row> rows) {
        j.beginArray();
        for (LockStats.Row r : rows) {
            j.beginObject().field("site", r.site());
            if (r.thread() != null) {
                j.field("thread", r.thread());
            }
            j.field("waits", r.count()).field("waitNs", r.waitNs()).endObject();
        }
        j.endArray();
    }

    /** Writes both forms into {@code dir}; returns the text file. */
    public static Path write(Path dir) throws IOException {
        Files.writeString(dir.resolve(JSON_FILE), json() + "\n", StandardCharsets.UTF_8);
        return Files.writeString(dir.resolve(TEXT_FILE), text(), StandardCharsets.UTF_8);
    }

    private static String ms(long ns) {
        return String.format("%.1f", ns / 1e6);
    }

    private static String padRight(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
