package io.racewatch.jfr;

import io.racewatch.report.Access;
import io.racewatch.report.Finding;
import io.racewatch.report.Findings;
import io.racewatch.runtime.Log;
import io.racewatch.locks.LockStats;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * racewatch in Flight Recorder: a sink beside the log and {@code findings.jsonl} that commits one
 * event per new finding (its kind's event type), and a periodic {@code io.racewatch.LockStatistics}
 * event per lock. Without a recording that enables them this costs one {@code shouldCommit()} per
 * distinct finding and nothing per access: findings are deduplicated before they reach a sink, and
 * lock statistics are read only when JFR asks for them.
 */
public final class JfrSink {
    private JfrSink() {
    }

    /** True when this JVM has Flight Recorder (a trimmed runtime image may not). */
    public static boolean available() {
        return ModuleLayer.boot().findModule("jdk.jfr").isPresent();
    }

    /** Set once the listener is added (or being added): Flight Recorder calls {@link #recorderStarting()} at every start. */
    private static volatile boolean listening;

    /**
     * Adds the finding listener and the periodic lock event when Flight Recorder starts, if it ever
     * does: until then nothing of Flight Recorder is loaded (its classes cost tens of milliseconds
     * at start-up, and without a recorder no event could be recorded). For premain, before the
     * program (and so any recorder) has started. Call only when {@link #available()}.
     */
    public static void listenWhenRecorderStarts(Instrumentation instrumentation) {
        java.util.Optional<Module> jfr = ModuleLayer.boot().findModule("jdk.jfr");
        if (jfr.isPresent()) {
            // The hooked method calls recorderStarting, in the boot loader's unnamed module: jdk.jfr must read it.
            instrumentation.redefineModule(jfr.get(), Set.of(JfrSink.class.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
            // Retransformation-capable like racewatch's other transformers: a single JVMTI environment to pass each loaded class.
            instrumentation.addTransformer(new RecorderStartHook(), true);
        }
    }

    /**
     * Called by Flight Recorder ({@link RecorderStartHook}) each time it is asked for the recorder,
     * before it starts one: the first call adds the listener, which Flight Recorder then calls
     * once it has started. Nothing may escape into Flight Recorder's code.
     */
    public static void recorderStarting() {
        if (listening) {
            return;
        }
        synchronized (JfrSink.class) {
            if (listening) {
                return;
            }
            listening = true;
        }
        try {
            install();
        } catch (Throwable e) {
            Log.error("cannot emit Flight Recorder events (" + e + "); findings still go to the other reports", null);
        }
    }

    /**
     * Adds the finding listener and the periodic lock event once Flight Recorder starts (at once
     * when it already has): for an agent attached to a running JVM, whose recorder may have
     * started before racewatch could hook it. Call only when {@link #available()}.
     */
    public static void install() {
        listening = true;
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                // Loaded here, on the thread that starts Flight Recorder, not inside a probe when the first finding comes.
                for (String kind : List.of("map-rmw", "map-unsafe", "lock-hold", "lock-order", "deadlock", "timer-outlives-owner")) {
                    eventFor(kind).shouldCommit();
                }
                FlightRecorder.addPeriodicEvent(LockStatisticsEvent.class, JfrSink::emitLockStatistics);
                Findings.addListener(JfrSink::emit);
            }
        });
    }

    static FindingEvent eventFor(String kind) {
        return switch (kind) {
            case "map-rmw" -> new MapRmwEvent();
            case "map-unsafe" -> new MapUnsafeEvent();
            case "lock-hold" -> new LockHoldEvent();
            case "lock-order" -> new LockOrderEvent();
            case "deadlock" -> new DeadlockEvent();
            case "timer-outlives-owner" -> new TimerOutlivesOwnerEvent();
            default -> null;
        };
    }

    /** Called once per distinct finding, after deduplication and suppressions. */
    static void emit(Finding f) {
        FindingEvent e = eventFor(f.kind());
        if (e == null || !e.shouldCommit()) {
            return;
        }
        e.kind = f.kind();
        e.severity = f.severity().level();
        e.message = f.message();
        e.resourceType = f.resource().type();
        e.resource = f.resource().name();
        e.resourceClass = f.resource().clazz();
        e.key = f.resource().key();
        List<Access> accesses = f.accesses();
        e.firstSite = accesses.isEmpty() ? null : accesses.get(0).site().frame();
        e.secondSite = otherThreadsSite(accesses);
        StringBuilder sites = new StringBuilder();
        List<String> threads = new ArrayList<>();
        for (Access a : accesses) {
            sites.append(a.thread()).append(' ').append(a.op()).append(" at ").append(a.site().frame()).append('\n');
            if (!threads.contains(a.thread())) {
                threads.add(a.thread());
            }
        }
        e.sites = sites.toString().trim();
        e.threads = String.join(", ", threads);
        e.observed = f.observed();
        e.test = f.test() == null ? null : f.test().name();
        e.commit();
    }

    /** The first access by a thread other than the first access's, else the second access. */
    private static String otherThreadsSite(List<Access> accesses) {
        if (accesses.size() < 2) {
            return null;
        }
        for (Access a : accesses) {
            if (!a.thread().equals(accesses.get(0).thread())) {
                return a.site().frame();
            }
        }
        return accesses.get(1).site().frame();
    }

    /** On JFR's periodic thread, only while a recording enables the event. */
    static void emitLockStatistics() {
        try {
            for (LockStats stats : LockStats.all()) {
                LockStats.Snapshot s = stats.snapshot();
                LockStatisticsEvent e = new LockStatisticsEvent();
                e.lock = s.name();
                e.lockClass = s.lockClass();
                e.acquisitions = s.acquisitions();
                e.contended = s.contended();
                e.contendedShare = s.contendedShare();
                e.waitTotal = s.waitTotalNs();
                e.waitP50 = s.waitP50Ns();
                e.waitP99 = s.waitP99Ns();
                e.waitMax = s.waitMaxNs();
                e.holdP99 = s.holdP99Ns();
                e.holdMax = s.holdMaxNs();
                if (!s.causedBy().isEmpty()) {
                    LockStats.Row top = s.causedBy().get(0);
                    e.topHolder = top.thread() + " at " + top.site();
                    e.topHolderWait = top.waitNs();
                }
                e.commit();
            }
        } catch (RuntimeException e) {
            Log.error("cannot emit the lock statistics to Flight Recorder", e);
        }
    }
}
