package io.racewatch.runtime;

/**
 * Opens and closes staging mode's sampling windows from one racewatch thread: a window of
 * {@code windowMs} open for a share {@code duty} of the time. The thread wakes only to open and to
 * close a window (and, with a budget, once in each gap to note the CPU rate): staging's coarse clock
 * for the light hold timing is the watchdog's hold clock (io.racewatch.locks.HoldClock), which a
 * program without lock work never starts. With an overhead budget, as each window ends it compares the window's cost with the
 * process's CPU time over a cycle and lowers the share when the cost is over the budget (raising it
 * back, up to the configured share, when well under). The cost is the larger of the probes' timed
 * calls ({@link OwnCost}) and the CPU the process used while the window was open beyond its rate
 * between windows ({@link WindowCost}), which includes the compiling and collecting the window causes.
 */
public final class WindowDriver implements Runnable {
    /** Lowest share of time sampled when the budget pushes down. */
    static final double MIN_DUTY = 0.002;
    /** A diagnostic: {@code -Dracewatch.windowTrace=true} prints each cycle's share and measured cost. */
    private static final boolean TRACE = Boolean.getBoolean("racewatch.windowTrace");

    private final long windowMs;
    private final double maxDuty;
    private final double budget;
    private volatile double duty;
    /** The process's CPU over the settled part of the last gap, and that part's length: the rate between windows. */
    private long closedCpuNs;
    private long closedWallNs;
    /** The process's CPU when the last window was judged (at first, when the sampler started). */
    private long cpuJudged;
    private int windowsJudged;
    /** True once the first window has been open (it is judged after the gap that follows it). */
    private boolean firstWindowOpened;

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

    /**
     * Starts staging mode's windows; {@code duty} 1 and no budget keeps one window open for the whole
     * run, with no thread. Each wake-up of the thread costs about 50 µs of CPU on a virtual machine, so
     * it sleeps through each window and each gap in one go.
     */
    public static void start(long windowMs, double duty, double budget) {
        OwnCost.measuring = budget > 0;
        if (duty >= 1 && budget <= 0) {
            SamplingWindows.staging = true; // one window for the whole run: nothing to open or close
            SamplingWindows.openWindow();
            return;
        }
        SamplingWindows.startStaging();
        AgentThreads.create("sampler", new WindowDriver(windowMs, duty, budget)).start();
    }

    /** The share of time sampled now. */
    double duty() {
        return duty;
    }

    @Override
    public void run() {
        try {
            // Start-up runs between windows: the JIT profiles the application's hot code while its
            // probes take the one-check path, and class initialisation, the dearest time to record,
            // is not sampled.
            long spentBefore = OwnCost.spentNs();
            cpuJudged = budget > 0 ? processCpuNs() : 0;
            gap(gapMs(duty));
            while (true) {
                if (budget > 0 && windowsJudged == 0 && firstWindowOpened) {
                    judgeFirstWindow(spentBefore);
                    spentBefore = OwnCost.spentNs();
                }
                double d = duty;
                long cpuOpen = budget > 0 ? processCpuNs() : 0;
                long wallOpen = System.nanoTime();
                SamplingWindows.openWindow();
                Thread.sleep(windowMs);
                if (budget > 0 && windowsJudged == 0) {
                    firstWindowOpened = true; // judged after its gap, at the top of the loop
                } else if (budget > 0) {
                    // Judged as soon as the window ends, before the gap after it: a dear window
                    // lengthens the very next gap rather than the one after a whole cycle.
                    long spent = OwnCost.spentNs();
                    long cpu = processCpuNs();
                    long windowCpu = cpu - cpuOpen;
                    long windowWall = System.nanoTime() - wallOpen;
                    long extra = WindowCost.extraNs(windowCpu, windowWall, closedCpuNs, closedWallNs);
                    // The CPU of this cycle as it ran, or as a whole gap at the rate between windows
                    // would make it if more.
                    long cycleCpu = Math.max(cpu - cpuJudged,
                        WindowCost.cycleCpuNs(windowCpu, closedCpuNs, closedWallNs, gapMs(d) * 1_000_000L));
                    cpuJudged = cpu;
                    duty = adjusted(d, Math.max(spent - spentBefore, extra), cycleCpu);
                    if (TRACE) {
                        System.err.printf("racewatch windows: duty %.4f probes %.1f ms, window %.1f ms cpu (%.1f over the rate between windows), cycle %.1f ms cpu -> duty %.4f%n",
                            d, (spent - spentBefore) / 1e6, windowCpu / 1e6, extra / 1e6, cycleCpu / 1e6, duty);
                    }
                    spentBefore = spent;
                }
                long gapMs = gapMs(duty);
                if (gapMs > 0) {
                    SamplingWindows.closeWindow();
                    gap(gapMs);
                }
            }
        } catch (InterruptedException stop) {
            SamplingWindows.closeWindow();
        } catch (Throwable failure) {
            Log.errorLater("racewatch's sampling windows stopped", failure);
        }
    }

    /**
     * The first window, after the gap that follows it: by its timed probe calls only, against the CPU
     * since the sampler started (start-up, the window, the gap). It pays once for what every later
     * window reuses (the recording paths run interpreted, are compiled, their classes initialised:
     * on a light program 3-5x a later window's CPU); charged its whole CPU at once, the share would
     * drop for minutes on a program that later windows cost little.
     */
    private void judgeFirstWindow(long spentBefore) {
        long spent = OwnCost.spentNs();
        long cpu = processCpuNs();
        double d = duty;
        duty = adjusted(d, spent - spentBefore, cpu - cpuJudged);
        if (TRACE) {
            System.err.printf("racewatch windows: first window: duty %.4f probes %.1f ms of %.1f ms cpu since start -> duty %.4f%n",
                d, (spent - spentBefore) / 1e6, (cpu - cpuJudged) / 1e6, duty);
        }
        cpuJudged = cpu;
        windowsJudged = 1;
    }

    /**
     * Waits out a gap between windows and notes the process's CPU over its later part, the rate
     * between windows: its first part (up to one window's length, at most half the gap) is left
     * out, since the JIT and the collector may still be working off the window just closed.
     */
    private void gap(long gapMs) throws InterruptedException {
        if (budget <= 0) {
            Thread.sleep(gapMs);
            return;
        }
        long settleMs = Math.min(windowMs, gapMs / 2);
        Thread.sleep(settleMs);
        long cpu = processCpuNs();
        long wall = System.nanoTime();
        Thread.sleep(gapMs - settleMs);
        closedCpuNs = processCpuNs() - cpu;
        closedWallNs = System.nanoTime() - wall;
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

    private static long processCpuNs() {
        return ProcessCpu.nowNs();
    }
}
