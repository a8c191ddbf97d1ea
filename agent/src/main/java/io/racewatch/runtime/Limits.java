package io.racewatch.runtime;


import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Caps that were hit: each is logged once and listed in the final report, never silently ignored. */
public final class Limits {
    private static final Map<String, String> HIT = new ConcurrentHashMap<>();

    private Limits() {
    }

    public static void hit(String what, int cap, String consequence) {
        String line = "cap on " + what + " (" + cap + ") reached: " + consequence;
        if (HIT.putIfAbsent(what, line) == null) {
            Log.warnLater(line);
        }
    }

    /** Findings beyond the cap are counted as repeats only. */
    public static void hitFindings(int cap) {
        hit("distinct findings", cap, "later new findings are dropped");
    }

    /** One line per cap that was hit, for the report. */
    public static java.util.Collection<String> hits() {
        return HIT.values();
    }
}
