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
}
