package io.racewatch.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Takes a stack sample of each thread whose current lock hold has run past the threshold,
 * once per hold: what it was doing while others waited. Run by the watchdog thread.
 */
public final class HoldSampler {
    private HoldSampler() {
    }

    public static void sampleLongHolds() {
        long now = System.nanoTime();
        for (Map.Entry<Thread, ThreadState> e : ThreadRegistry.live()) {
            ThreadState ts = e.getValue();
            long since = ts.holdingSince;
            if (since == 0 || now - since < TestContext.holdThresholdNs(ts.context) || ts.sampleTakenAt >= since) {
                continue;
            }
            String[] frames = appFrames(e.getKey().getStackTrace());
            if (ts.holdingSince == since) { // still the same hold
                ts.holdSample = frames;
                ts.sampleTakenAt = System.nanoTime();
            }
        }
    }

    private static String[] appFrames(StackTraceElement[] trace) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement f : trace) {
            if (!Own.isAgentClass(f.getClassName()) && out.size() < Tracking.stackDepth) {
                out.add(f.toString());
            }
        }
        return out.toArray(new String[0]);
    }
}
