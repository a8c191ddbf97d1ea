package io.racewatch.runtime;

/**
 * What one sampling window cost the process, from CPU time rather than from timed probe calls: the
 * CPU the process used while the window was open, over what it uses between windows at the same
 * wall time. This sees everything the window causes while it is open (recording, the JIT compiling
 * the recording paths, the collector clearing what they allocate), which {@link OwnCost} does not.
 * It sees nothing when every core is busy anyway (the window's cost is then lost throughput, not
 * more CPU), so the budget takes the larger of this and {@link OwnCost}'s estimate.
 */
final class WindowCost {
    private WindowCost() {
    }

    /**
     * CPU nanoseconds the window took beyond the process's rate between windows, 0 when none.
     *
     * @param windowCpuNs  process CPU while the window was open
     * @param windowWallNs how long it was open
     * @param closedCpuNs  process CPU over a stretch between windows
     * @param closedWallNs that stretch's length
     */
    static long extraNs(long windowCpuNs, long windowWallNs, long closedCpuNs, long closedWallNs) {
        if (windowWallNs <= 0 || closedWallNs <= 0 || windowCpuNs <= 0) {
            return 0;
        }
        double closedRate = Math.max(0, closedCpuNs) / (double) closedWallNs;
        return Math.max(0, Math.round(windowCpuNs - closedRate * windowWallNs));
    }

    /**
     * The CPU of one whole cycle at these figures: the window's CPU and a gap of {@code gapWallNs}
     * at the rate between windows. The window's share of a cycle is measured against this, not
     * against the CPU since the last window, which at start-up includes class loading and the JIT.
     */
    static long cycleCpuNs(long windowCpuNs, long closedCpuNs, long closedWallNs, long gapWallNs) {
        double closedRate = closedWallNs <= 0 ? 0 : Math.max(0, closedCpuNs) / (double) closedWallNs;
        return Math.max(0, windowCpuNs) + Math.round(closedRate * gapWallNs);
    }
}
