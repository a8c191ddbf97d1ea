package io.racewatch.runtime;

/** Tells racewatch's own classes from the application's, for stack filtering and exclusion. */
public final class Own {
    /** Package prefixes of the agent (dotted), including the shaded libraries. */
    public static final String[] PACKAGES = {
        "io.racewatch.agent.", "io.racewatch.instrument.", "io.racewatch.runtime.", "io.racewatch.order.",
        "io.racewatch.maps.", "io.racewatch.locks.", "io.racewatch.tasks.",
        "io.racewatch.detect.", "io.racewatch.report.", "io.racewatch.jfr.", "io.racewatch.shaded.", "io.racewatch.junit.",
    };

    /**
     * Name prefix of the methods the rewrite adds to make an application's map call (one per call
     * site, {@code instrument/MapCallBridges}): frames of the application's class, but not code it wrote.
     */
    public static final String MAP_CALL_BRIDGE = "racewatch$map$";

    private Own() {
    }

    /** A stack frame that is racewatch's, not the application's: in an agent class, or a map-call bridge. */
    public static boolean isAgentFrame(String dottedClassName, String methodName) {
        return isAgentClass(dottedClassName) || methodName.startsWith(MAP_CALL_BRIDGE);
    }

    public static boolean isAgentClass(String dottedName) {
        if (!dottedName.startsWith("io.racewatch.")) {
            return false; // most names (every frame of a stack walk but racewatch's own): one comparison
        }
        for (String p : PACKAGES) {
            if (dottedName.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
