package io.racewatch.runtime;


import java.lang.management.ManagementFactory;

/**
 * Opens and closes staging mode's sampling windows from one racewatch thread: a window of
 * {@code windowMs} open for a share {@code duty} of the time, and a coarse clock for the light
 * hold timing. With an overhead budget, after each cycle it compares the probes' measured cost
 * ({@link OwnCost}) with the process's CPU time and lowers the share when the cost is over the
 * budget (raising it back, up to the configured share, when well under).
 */
public final class WindowDriver implements Runnable {
    /** Lowest share of time sampled when the budget pushes down. */
    static final double MIN_DUTY = 0.002;
    private static final long TICK_MS = 5;
    /** A diagnostic: {@code -Dracewatch.windowTrace=true} prints each cycle's share and measured cost. */
    private static final boolean TRACE = Boolean.getBoolean("racewatch.windowTrace");

    private final long windowMs;
    private final double maxDuty;
    private final double budget;
    private volatile double duty;

    /**
     * @param windowMs length of one window
     * @param duty     share of time in windows, 0 to 1
     * @param budget   most share of CPU the probes may take, or 0 for no budget
     */
    WindowDriver(long windowMs, double duty, double budget) {
        this.windowMs = Math.max(1, windowMs);
        this.maxDuty = duty;
        this.duty = duty;
        this.budget = budget;
    }

    /** Starts staging mode's windows; {@code duty} 1 keeps one window open for the whole run. */
    public static void start(long windowMs, double duty, double budget) {
        if (duty >= 1 && budget <= 0) {
            SamplingWindows.staging = true; // one window for the whole run; the thread only ticks the coarse clock
            SamplingWindows.openWindow();
        } else {
            SamplingWindows.startStaging();
        }
        SamplingWindows.coarseNow = System.nanoTime();
        OwnCost.measuring = budget > 0;
        AgentThreads.create("sampler", new WindowDriver(windowMs, duty, budget)).start();
    }

    /** The share of time sampled now. */
    double duty() {
        return duty;
    }

    @Override
    public void run() {
        long cpuBefore = processCpuNs();
        long spentBefore = OwnCost.spentNs();
        try {
            // Start-up runs between windows: the JIT profiles the application's hot code while its
            // probes take the one-check path, and class initialisation, the dearest time to record,
            // is not sampled.
            ticks(gapMs(duty));
            while (true) {
                double d = duty;
                long gapMs = gapMs(d);
                SamplingWindows.openWindow();
                ticks(windowMs);
                if (gapMs > 0) {
                    SamplingWindows.closeWindow();
                    ticks(gapMs);
                }
                if (budget > 0) {
                    long cpu = processCpuNs();
                    long spent = OwnCost.spentNs();
                    duty = adjusted(d, spent - spentBefore, cpu - cpuBefore);
                    if (TRACE) {
                        System.err.printf("racewatch windows: duty %.4f probes %.1f ms of %.1f ms cpu -> duty %.4f%n", d,
                            (spent - spentBefore) / 1e6, (cpu - cpuBefore) / 1e6, duty);
                    }
                    cpuBefore = cpu;
                    spentBefore = spent;
                }
            }
        } catch (InterruptedException stop) {
            SamplingWindows.closeWindow();
        } catch (Throwable failure) {
            Log.errorLater("racewatch's sampling windows stopped", failure);
        }
    }

    /** The time between two windows for the share {@code d}. */
    long gapMs(double d) {
        return d >= 1 ? 0 : Math.round(windowMs * (1 - d) / Math.max(d, MIN_DUTY));
    }

    /** The next share: scaled down to fit the budget, or up by half when under half of it. */
    double adjusted(double d, long probeNs, long cpuNs) {
        if (cpuNs <= 0) {
            return d;
        }
        double cost = (double) probeNs / cpuNs;
        if (cost > budget) {
            return Math.max(MIN_DUTY, d * budget / cost * 0.9);
        }
        if (cost < budget / 2) {
            return Math.min(maxDuty, d * 1.5);
        }
        return d;
    }

    private static void ticks(long ms) throws InterruptedException {
        long end = System.nanoTime() + ms * 1_000_000L;
        while (true) {
            long now = System.nanoTime();
            SamplingWindows.coarseNow = now;
            if (now >= end) {
                return;
            }
            Thread.sleep(Math.min(TICK_MS, Math.max(1, (end - now) / 1_000_000L)));
        }
    }

    private static long processCpuNs() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                long t = os.getProcessCpuTime();
                if (t >= 0) {
                    return t;
                }
            }
        } catch (RuntimeException | LinkageError ignored) {
            // no CPU time: fall through to wall time on every core
        }
        return System.nanoTime() * Runtime.getRuntime().availableProcessors();
    }
}
