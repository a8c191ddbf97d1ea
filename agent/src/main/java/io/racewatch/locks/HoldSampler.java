package io.racewatch.locks;

import io.racewatch.order.ThreadRegistry;
import io.racewatch.runtime.ClassLoading;
import io.racewatch.runtime.JdkState;
import io.racewatch.runtime.Own;
import io.racewatch.runtime.TestContext;
import io.racewatch.runtime.ThreadState;
import io.racewatch.runtime.Tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Takes a stack sample of each thread whose current lock hold has run past the threshold,
 * once per hold: what it was doing while others waited. Run by the watchdog thread.
 *
 * <p>A sample is about the application's work: a thread that is loading, linking or transforming
 * a class is not sampled then (that time is taken out of its hold, see {@link ClassLoading}), and
 * a stack whose top is the JVM's class-loading or lambda-linking machinery, or racewatch's own
 * code, is thrown away and taken again at the next round.
 */
public final class HoldSampler {
    /** Frames (class and method prefixes) of work that is the JVM's or racewatch's, not the holder's. */
    private static final String[] NOT_THE_APPLICATION = {
        "sun.instrument.", "java.lang.instrument.", "java.lang.ClassLoader.", "jdk.internal.loader.",
        "java.lang.invoke.", "jdk.internal.reflect.", "java.security.AccessController.", "java.security.SecureClassLoader.",
        "java.net.URLClassLoader.", "jdk.internal.misc.Unsafe.defineClass", "java.lang.Class.forName",
    };

    private HoldSampler() {
    }

    /** Samples each hold past its threshold; true when some thread holds a lock (the hold clock must keep ticking). */
    public static boolean sampleLongHolds() {
        long now = System.nanoTime();
        boolean holding = false;
        for (Map.Entry<Thread, ThreadState> e : ThreadRegistry.live()) {
            ThreadState ts = e.getValue();
            long since = ts.holdingSince;
            holding |= since != 0;
            if (since == 0 || now - since < TestContext.holdThresholdNs(ts.context) || ts.sampleTakenAt >= since
                || ts.loading > 0 || !JdkState.canAskThread(e.getKey())) {
                continue;
            }
            StackTraceElement[] trace = e.getKey().getStackTrace();
            Thread.State state = e.getKey().getState();
            if (inMachinery(trace) || ts.loading > 0) {
                continue; // not what the application does while it holds: look again next round
            }
            noteSample(ts, since, trace, state);
        }
        return holding;
    }

    /** True when some thread holds a lock now. */
    public static boolean anyHoldOpen() {
        for (Map.Entry<Thread, ThreadState> e : ThreadRegistry.live()) {
            if (e.getValue().holdingSince != 0) {
                return true;
            }
        }
        return false;
    }

    /** Keeps the sample if the thread still holds what it held since {@code since}. */
    static void noteSample(ThreadState ts, long since, StackTraceElement[] trace, Thread.State state) {
        if (ts.holdingSince == since) { // still the same hold
            ts.holdSample = appFrames(trace);
            ts.holdSampleWaiting = state != Thread.State.RUNNABLE || trace.length > 0 && trace[0].isNativeMethod();
            ts.sampleTakenAt = System.nanoTime();
        }
    }

    /**
     * The part of a hold from {@code from} to {@code to} that a stalled JVM or host explains
     * ({@link HoldClock#stalledBetween}), or none when the hold's sample caught the holder waiting:
     * a holder asleep, parked or in a socket read would have waited as long on an idle host.
     */
    static long stalledPart(ThreadState ts, long since, long from, long to) {
        return ts.sampleTakenAt >= since && ts.holdSampleWaiting ? 0 : HoldClock.stalledBetween(from, to);
    }

    /**
     * True when the stack's innermost frames, up to the first frame of the application, show a
     * class being loaded, defined, transformed or a call site being linked.
     */
    static boolean inMachinery(StackTraceElement[] trace) {
        for (StackTraceElement f : trace) {
            String frame = f.getClassName() + "." + f.getMethodName();
            if (isMachinery(frame) || Own.isAgentClass(f.getClassName())) {
                return true;
            }
            if (!isJdk(f.getClassName())) {
                return false; // reached the application: what it called is its work
            }
        }
        return false;
    }

    private static boolean isMachinery(String frame) {
        for (String m : NOT_THE_APPLICATION) {
            if (frame.startsWith(m)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
            || className.startsWith("com.sun.");
    }

    private static String[] appFrames(StackTraceElement[] trace) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement f : trace) {
            if (!Own.isAgentFrame(f.getClassName(), f.getMethodName()) && out.size() < Tracking.stackDepth) {
                out.add(f.toString());
            }
        }
        return out.toArray(new String[0]);
    }
}
