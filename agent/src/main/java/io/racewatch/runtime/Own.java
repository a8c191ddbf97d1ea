package io.racewatch.runtime;

/** Tells racewatch's own classes from the application's, for stack filtering and exclusion. */
public final class Own {
    /** Package prefixes of the agent (dotted), including the shaded libraries. */
    public static final String[] PACKAGES = {
        "io.racewatch.agent.", "io.racewatch.instrument.", "io.racewatch.runtime.", "io.racewatch.order.",
        "io.racewatch.maps.", "io.racewatch.locks.", "io.racewatch.tasks.",
        "io.racewatch.detect.", "io.racewatch.report.", "io.racewatch.jfr.", "io.racewatch.shaded.", "io.racewatch.junit.",
    };

    private Own() {
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
