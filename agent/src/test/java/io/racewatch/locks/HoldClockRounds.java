package io.racewatch.locks;

/** Lets tests outside this package place the hold clock's rounds by hand ({@link HoldClock#tickAt}). */
public final class HoldClockRounds {
    private HoldClockRounds() {
    }

    public static void start(long tickNs) {
        HoldClock.start(tickNs);
    }

    public static void tickAt(long now) {
        HoldClock.tickAt(now);
    }

    public static void stop() {
        HoldClock.stop();
    }

    /** The watchdog's stack sample of {@code holder}'s current hold, caught waiting (asleep). */
    public static void sampledWaiting(io.racewatch.runtime.ThreadState holder) {
        StackTraceElement[] sleeping = {new StackTraceElement("com.acme.Vault", "backOff", "Vault.java", 70)};
        HoldSampler.noteSample(holder, holder.holdingSince, sleeping, Thread.State.TIMED_WAITING);
    }
}
