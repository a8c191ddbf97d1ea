package io.racewatch.runtime;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Opens packages of {@code java.base} to racewatch's own module, for the few JDK fields and
 * methods it reads at start-up (thread ids, map flags, direct-memory counters, the JVM's
 * arguments). An agent may do this through {@link Instrumentation}; the program's modules are
 * not touched.
 */
public final class JavaBase {
    private JavaBase() {
    }

    /** Opens {@code pkg} for deep reflection by racewatch. Throws what the JDK throws when it refuses. */
    public static void open(Instrumentation instrumentation, String pkg) {
        instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
            Map.of(pkg, Set.of(JavaBase.class.getModule())), Set.of(), Map.of());
    }

    /** Exports {@code pkg} (its public types) to racewatch. Throws what the JDK throws when it refuses. */
    public static void export(Instrumentation instrumentation, String pkg) {
        instrumentation.redefineModule(Object.class.getModule(), Set.of(),
            Map.of(pkg, Set.of(JavaBase.class.getModule())), Map.of(), Set.of(), Map.of());
    }
}
