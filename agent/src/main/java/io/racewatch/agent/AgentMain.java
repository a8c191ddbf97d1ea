package io.racewatch.agent;

import io.racewatch.detect.Detectors;
import io.racewatch.detect.CloseVerdicts;
import io.racewatch.detect.Watchdog;
import io.racewatch.runtime.AgentThreads;
import io.racewatch.runtime.ClassLoading;
import io.racewatch.instrument.ClassFilter;
import io.racewatch.jfr.JfrSink;
import io.racewatch.locks.HoldClock;
import io.racewatch.instrument.Instrumenter;
import io.racewatch.instrument.RewriteCache;
import io.racewatch.report.HtmlReport;
import io.racewatch.report.LockWaitReport;
import io.racewatch.report.LockWaits;
import io.racewatch.report.Findings;
import io.racewatch.runtime.Log;
import io.racewatch.report.ReportWriter;
import io.racewatch.report.Suppressions;
import io.racewatch.order.JdkOrderHooks;
import io.racewatch.maps.JdkMapFields;
import io.racewatch.runtime.SamplingWindows;
import io.racewatch.runtime.WindowDriver;
import io.racewatch.tasks.ScheduledTasks;
import io.racewatch.runtime.Stacks;
import io.racewatch.runtime.ThreadState;
import io.racewatch.runtime.ThreadTable;
import io.racewatch.runtime.Tracking;
import io.racewatch.runtime.StartupTrace;

import java.lang.instrument.Instrumentation;

/** Starts racewatch from the boot class path: options, runtime, report sinks, transformer, exit hook. */
public final class AgentMain {
    private static volatile boolean started;

    private AgentMain() {
    }

    /** premain: before the program's main, and so before any Flight Recorder can have started. */
    public static void start(String args, Instrumentation instrumentation) {
        start(args, instrumentation, false);
    }

    /** agentmain: into a running program, whose Flight Recorder may be recording already. */
    public static void attach(String args, Instrumentation instrumentation) {
        start(args, instrumentation, true);
    }

    private static synchronized void start(String args, Instrumentation instrumentation, boolean attached) {
        if (started) {
            return;
        }
        started = true;
        StartupTrace.mark("premain reached");
        ThreadTable.open(instrumentation); // before any probe or class-loading marker looks a thread up
        io.racewatch.order.JdkCounters.find(instrumentation); // before any probe: the JDK's direct-memory counts order nothing
        Options options = Options.parse(args, System.getProperties(), new ToStandardError());
        configure(options);
        StartupTrace.mark("options");
        if (options.suppressions() != null) {
            Findings.useSuppressions(Suppressions.load(options.suppressions(), new ToStandardError()));
        }
        HookCache cache = attached ? null : hookCache(options, instrumentation);
        hookJdk(instrumentation, cache);
        StartupTrace.mark("jdk hooks: done");
        Detectors.install();
        StartupTrace.mark("detectors");
        Stacks.capture(); // loads the stack walker's classes now, not inside a probe
        StartupTrace.mark("stack walker");
        JdkMapFields.open(instrumentation); // how maps behave, read from the JDK's fields (access order, wrapped map)
        StartupTrace.mark("map fields");
        Preload.classes();
        StartupTrace.mark("preload: done");
        ReportWriter writer = new ReportWriter(options.report());
        StartupTrace.mark("report writer");
        startFlightRecorderEvents(options, instrumentation, attached);
        StartupTrace.mark("flight recorder listener");
        Thread exit = AgentThreads.create("exit", new AtExit(writer, options));
        Runtime.getRuntime().addShutdownHook(exit);
        StartupTrace.mark("exit hook");
        startLockDuties(options);
        StartupTrace.mark("lock duties");
        if (options.mode() == Options.Mode.STAGING) {
            ProbeTraining.run();
            StartupTrace.mark("probe training");
            WindowDriver.start(options.windowMs(), options.sample(), options.overheadBudget());
        }
        Tracking.enabled = true;
        try {
            Instrumenter.install(instrumentation, new ClassFilter(options.include(), options.exclude()), options.lifecycle(),
                cache == null || options.classCache() == null ? null : RewriteCache.in(options.classCache(), cache.build, options.lifecycle()));
            ClassLoadMarkers.addLast(instrumentation);
            ClassLoading.startUpDone();
            StartupTrace.mark("transformer");
        } catch (Throwable failure) {
            Log.error("could not install the instrumentation; the application runs unwatched", failure);
            return;
        }
        Log.info("watching " + (options.include().isEmpty() ? "all application classes" : String.join(":", options.include()))
            + " in " + options.mode().name().toLowerCase(java.util.Locale.ROOT) + " mode; "
            + (writer.writable() ? "reports in " + options.report().toAbsolutePath() : "findings go to the log only"));
        StartupTrace.mark("first log line");
        StartupTrace.print();
    }

    /**
     * The class-loading markers, then the JDK's synchronizers hooked: first thing, so that the
     * JDK classes racewatch's own start-up loads (executors, futures, fork/join, locks) are
     * hooked as they load, not retransformed after (a retransformation costs a redefinition each).
     * Their probes do nothing until tracking is enabled, after the probes' classes are preloaded.
     */
    private static void hookJdk(Instrumentation instrumentation, HookCache cache) {
        try {
            ClassLoading.begins(); // loads the markers' classes now, not while a class loads
            ClassLoading.ends();
            ClassLoadMarkers.addFirst(instrumentation);
        } catch (Throwable failure) {
            Log.error("could not install the class-loading markers", failure);
        }
        try {
            // Between the markers: time spent hooking a JDK class that loads inside a hold is not the hold's.
            JdkOrderHooks.install(instrumentation, cache == null ? null : cache.root, cache == null ? null : cache.build);
        } catch (Throwable failure) {
            Log.error("could not hook the JDK's synchronizers; happens-before comes from call sites only", failure);
        }
    }

    /** Where the hooked JDK classes are kept between runs, and for which build; null for nowhere. */
    private static HookCache hookCache(Options o, Instrumentation instrumentation) {
        java.io.File root = o.hookCache();
        if (root == null) {
            return null;
        }
        String build = AgentJars.identity(instrumentation);
        if (build != null && !io.racewatch.order.DiagSkips.spec().isEmpty()) {
            build += "|diag.skipHooks=" + io.racewatch.order.DiagSkips.spec(); // never share rewrites with sound runs
        }
        StartupTrace.mark("  agent jars");
        return build == null ? null : new HookCache(root, build);
    }

    /** A cache folder and the agent build it is for. */
    private static final class HookCache {
        final java.io.File root;
        final String build;

        HookCache(java.io.File root, String build) {
            this.root = root;
            this.build = build;
        }
    }

    /** racewatch.html beside the other reports, once they are written. */
    private static void writeHtml(ReportWriter writer, Options o) {
        if (!writer.writable()) {
            return;
        }
        try {
            HtmlReport.writeAtExit(o.report());
        } catch (java.io.IOException | RuntimeException e) {
            Log.error("cannot write " + o.report().resolve(HtmlReport.FILE) + " (" + e + ")", null);
        }
    }

    private static void startFlightRecorderEvents(Options o, Instrumentation instrumentation, boolean attached) {
        if (!o.jfr() || !JfrSink.available()) {
            return;
        }
        try {
            if (attached) {
                JfrSink.install();
            } else {
                JfrSink.listenWhenRecorderStarts(instrumentation);
            }
        } catch (RuntimeException | LinkageError e) {
            Log.error("cannot emit Flight Recorder events (" + e + "); findings still go to the other reports", null);
        }
    }

    /**
     * The hold clock's tick (the watchdog's, also staging's coarse clock): a tenth of the hold
     * threshold (5 ms to 1 s), so a hold's length is known to a tenth of the threshold.
     */
    private static long holdTickMs(Options o) {
        return Math.min(1000, Math.max(5, o.holdThresholdMs() / HoldClock.STEPS_PER_THRESHOLD));
    }

    private static void startLockDuties(Options o) {
        // The watchdog's rounds are also the hold clock's ticks (HoldClock): a tenth of the threshold.
        Watchdog.onFirstLockWork(holdTickMs(o), o.deadlockCheckMs(), o.lockReportEverySec() * 1000, new WriteLockReport(o.report()));
        if (o.jmx()) {
            LockWaits.register(o.report());
        }
    }

    private static void configure(Options o) {
        Tracking.holdThresholdNs = o.holdThresholdMs() * 1_000_000L;
        CloseVerdicts.graceMillis(o.closeGraceMs());
        Tracking.maxMaps = o.maxMaps();
        Tracking.maxKeysPerMap = o.maxKeysPerMap();
        Tracking.historySize = o.historySize();
        Tracking.stackDepth = o.stackDepth();
        if (o.mode() == Options.Mode.STAGING) {
            SamplingWindows.closeForStaging(); // before the JDK's hooks can run a probe
        }
    }

    // Named classes, not lambdas: each lambda is a class spun at run time, here at start-up.

    /** Problems with the options, said before the log is set up. */
    private static final class ToStandardError implements java.util.function.Consumer<String> {
        @Override
        public void accept(String problem) {
            System.err.println("racewatch: " + problem);
        }
    }

    /** The exit hook: last findings, then the reports. */
    private static final class AtExit implements Runnable {
        private final ReportWriter writer;
        private final Options options;

        AtExit(ReportWriter writer, Options options) {
            this.writer = writer;
            this.options = options;
        }

        @Override
        public void run() {
            StartupTrace.mark("program until exit");
            CloseVerdicts.settleAll(); // closes still within their grace: their tasks are judged now
            ScheduledTasks.atExit(); // findings of tasks still scheduled, before the report is written
            StartupTrace.mark("exit: scheduled tasks");
            writer.close();
            StartupTrace.mark("exit: reports");
            writeHtml(writer, options);
            StartupTrace.mark("exit: html");
            StartupTrace.print();
        }
    }

    /** The lock-wait report, written every {@code lockReportEverySec}. */
    private static final class WriteLockReport implements Runnable {
        private final java.nio.file.Path dir;

        WriteLockReport(java.nio.file.Path dir) {
            this.dir = dir;
        }

        @Override
        public void run() {
            try {
                LockWaitReport.write(dir);
            } catch (java.io.IOException e) {
                Log.error("cannot write the lock-wait report to " + dir + " (" + e + ")", null);
            }
        }
    }
}
