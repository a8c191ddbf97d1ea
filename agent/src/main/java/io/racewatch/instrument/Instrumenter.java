package io.racewatch.instrument;

import io.racewatch.runtime.Faults;
import io.racewatch.runtime.Log;
import io.racewatch.runtime.Unresolved;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Installs the class-file transformer ({@link RewritingTransformer}) and retransforms the
 * application classes loaded before it. Only method bodies change, so classes that were loaded
 * already can be retransformed. Classes the filter checks get every probe; the others that it
 * lets order get only the probes that order ({@link ClassFilter}).
 */
public final class Instrumenter {
    private Instrumenter() {
    }

    /**
     * @param filter         which classes are rewritten
     * @param lifecycleNames names of no-argument methods that end their object's life (option {@code lifecycle})
     */
    public static void install(Instrumentation instrumentation, ClassFilter filter, Collection<String> lifecycleNames) {
        install(instrumentation, filter, lifecycleNames, null);
    }

    /** @param cache rewrites kept between runs ({@link RewriteCache}), or null for none */
    public static void install(Instrumentation instrumentation, ClassFilter filter, Collection<String> lifecycleNames,
                               RewriteCache cache) {
        Set<String> lifecycle = Set.copyOf(lifecycleNames);
        Set<String> loadedBefore = new HashSet<>();
        List<Class<?>> retransform = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (filter.orders(c.getName())) {
                // Only names the transformer can ask about (it turns the others away first): mostly none,
                // and then no class that loads hashes its name to look for it in a thousand JDK names.
                loadedBefore.add(c.getName());
            }
            if (c.getClassLoader() != null && c.getName().equals("org.slf4j.LoggerFactory")) {
                Log.applicationLoadsSlf4j(c.getClassLoader()); // loaded before racewatch (by another agent): in use
            }
            if (c.getClassLoader() != null && !c.isArray() && !c.isPrimitive() && !c.isAnnotation() && filter.orders(c.getName())
                && instrumentation.isModifiableClass(c)) {
                retransform.add(c);
            }
        }
        instrumentation.addTransformer(new RewritingTransformer(filter, lifecycle, loadedBefore, cache), true);
        retransform(instrumentation, retransform);
    }

    /** All at once; when that fails, one by one, so that one class the JVM refuses leaves the others rewritten. */
    private static void retransform(Instrumentation instrumentation, List<Class<?>> classes) {
        if (classes.isEmpty()) {
            return;
        }
        try {
            instrumentation.retransformClasses(classes.toArray(new Class<?>[0]));
        } catch (Throwable batchFailed) {
            for (Class<?> c : classes) {
                try {
                    instrumentation.retransformClasses(c);
                } catch (Throwable refused) {
                    // Left as it was loaded: watched from its next load on, in another loader.
                }
            }
        }
    }

    /**
     * A class that cannot be rewritten is loaded as it is. When a type it uses cannot be read, that
     * is a line at most (see {@link Unresolved}); other failures are racewatch's, logged as faults.
     */
    static final class Failures {
        private static final String CANNOT_RESOLVE = "Cannot resolve type description for ";

        private Failures() {
        }

        static void report(String typeName, Throwable error) {
            String missing = missingType(error);
            if (missing != null) {
                Unresolved.note(typeName, missing);
            } else {
                Faults.report("rewriting " + typeName, error);
            }
        }

        /** The type that could not be read, when that is what went wrong. */
        private static String missingType(Throwable error) {
            for (Throwable t = error; t != null; t = t.getCause()) {
                String message = t.getMessage();
                if (message != null && message.startsWith(CANNOT_RESOLVE)) {
                    return message.substring(CANNOT_RESOLVE.length());
                }
            }
            return null;
        }
    }
}
