package io.racewatch.instrument;

import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Rewrites every class of one jar the way the agent does ({@link RewritingTransformer#rewrite}, with
 * a type pool over the jar, its dependencies and the JDK), checks that the agent's scan
 * ({@link ClassFileScan}) lets through no class the rewrite would change and copies no method it
 * would change, then has the JVM verify each class as the agent loads it (only the methods the scan
 * picked rewritten): it is defined in a throwaway loader and linked, which runs the JVM's own
 * verifier (stack map frames included). A class that cannot be linked here even unrewritten (an
 * optional dependency absent) is counted apart, not as a failure.
 */
final class JarRewriteCheck {
    private static final Set<String> LIFECYCLE = Set.of("close", "stop", "shutdown", "dispose", "destroy");

    /** What one jar gave. */
    record Result(String jar, int classes, int changed, int unresolvable, int verified, int unverifiable, List<String> failures,
                  long millis) {
        @Override
        public String toString() {
            return String.format("%-34s %5d classes, %5d changed by the rewrite, %3d left as they are (a type not on the class path),"
                    + " %5d verified, %3d not linkable unrewritten either, %d failures, %5.1f s", jar, classes, changed, unresolvable,
                verified, unverifiable, failures.size(), millis / 1000.0);
        }
    }

    private JarRewriteCheck() {
    }

    static Result check(Path jar, List<Path> dependencies) throws IOException {
        long start = System.nanoTime();
        List<String> names = classNames(jar);
        try (URLClassLoader deps = new URLClassLoader(urls(dependencies), ClassLoader.getPlatformClassLoader());
             ClassFileLocator jarLocator = ClassFileLocator.ForJarFile.of(jar.toFile())) {
            ClassFileLocator locator = new ClassFileLocator.Compound(jarLocator, ClassFileLocator.ForClassLoader.of(deps));
            TypeHierarchy types = TypeHierarchy.of(locator); // the agent's own, one table for the jar as for a loader

            Map<String, byte[]> original = new HashMap<>();
            Map<String, byte[]> rewritten = new HashMap<>();
            List<String> failures = new ArrayList<>();
            int changed = 0;
            int unresolvable = 0;
            for (String name : names) {
                byte[] before = locator.locate(name).resolve();
                original.put(name, before);
                try {
                    Set<String> gettersOfRewrite = new TreeSet<>();
                    byte[] after = RewritingTransformer.rewrite(before, types, true, false, LIFECYCLE, null, noted(gettersOfRewrite));
                    String missed = missedByScan(name, before, after, types);
                    if (missed != null) {
                        failures.add(missed);
                    }
                    // What the agent loads: only the methods its scan picked are rewritten, the rest copied.
                    Set<String> gettersAsLoaded = new TreeSet<>();
                    ClassFileScan.Plan plan = ClassFileScan.methodsToRewrite(before, true, LIFECYCLE, () -> types, noted(gettersAsLoaded));
                    Set<String> methods = plan.methods();
                    failures.addAll(changedOutside(name, methods, before, after));
                    byte[] loaded = before;
                    if (!plan.nothing() && !plan.probes()) {
                        RewritingTransformer.noteGetters(before, types, LIFECYCLE, methods, noted(gettersAsLoaded));
                        if (addsProbes(after)) {
                            failures.add(name + ": the scan has only its getters read, but the rewrite adds probes");
                        }
                    } else if (!plan.nothing()) {
                        loaded = RewritingTransformer.rewrite(before, types, true, false, LIFECYCLE, methods, noted(gettersAsLoaded));
                    }
                    if (!gettersAsLoaded.equals(gettersOfRewrite)) {
                        failures.add(name + ": getters noted as loaded " + gettersAsLoaded + ", by the whole rewrite " + gettersOfRewrite);
                    }
                    rewritten.put(name, loaded);
                    changed += java.util.Arrays.equals(before, loaded) ? 0 : 1;
                } catch (TypePool.Resolution.NoSuchTypeException e) {
                    // The agent loads such a class as it is (an optional dependency absent): so does the check.
                    rewritten.put(name, before);
                    if (unresolvable++ == 0 && System.getProperty("debugUnresolvable") != null) {
                        e.printStackTrace(System.out);
                    }
                } catch (RuntimeException | LinkageError e) {
                    rewritten.put(name, before);
                    java.io.StringWriter trace = new java.io.StringWriter();
                    e.printStackTrace(new java.io.PrintWriter(trace));
                    failures.add(name + ": rewrite failed: " + trace);
                }
            }
            int verified = 0;
            int unverifiable = 0;
            ClassLoader rewrittenLoader = new JarLoader(rewritten, deps);
            ClassLoader originalLoader = new JarLoader(original, deps);
            for (String name : rewritten.keySet()) {
                Throwable problem = link(name, rewrittenLoader);
                if (problem == null) {
                    verified++;
                } else if (problem instanceof VerifyError || link(name, originalLoader) == null) {
                    failures.add(name + ": " + problem.toString().replace('\n', ' '));
                } else {
                    unverifiable++;
                }
            }
            failures.sort(null);
            return new Result(jar.getFileName().toString(), names.size(), changed, unresolvable, verified, unverifiable, failures,
                (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** Loads and links the class: linking runs the verifier. Null when it linked. */
    private static Throwable link(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader).getDeclaredMethods(); // the JVM links a class before listing its methods
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    /** Notes getters as {@code getter=field} into {@code into}. */
    private static java.util.function.BiConsumer<String, String> noted(Set<String> into) {
        return (getter, field) -> into.add(getter + "=" + field);
    }

    /**
     * A class the agent's scan lets through unrewritten must come out of the rewrite without a
     * probe: no reference to racewatch's runtime, nothing else changed but the constant pool's order.
     */
    private static String missedByScan(String name, byte[] before, byte[] after, TypeHierarchy types) {
        if (ClassFileScan.mayRewrite(before, true, LIFECYCLE, () -> types)) {
            return null;
        }
        return addsProbes(after) ? name + ": the scan let it through unrewritten, but the rewrite adds probes" : null;
    }

    /** The rewritten class refers to racewatch's runtime: a probe. */
    private static boolean addsProbes(byte[] after) {
        return new String(after, java.nio.charset.StandardCharsets.ISO_8859_1).contains("io/racewatch/");
    }

    /** Methods the whole rewrite changes that the scan would have copied as they are. */
    private static List<String> changedOutside(String name, Set<String> methods, byte[] before, byte[] after) {
        if (methods == null) {
            return List.of();
        }
        Map<String, String> original = MethodCode.of(before);
        Map<String, String> rewrittenCode = MethodCode.of(after);
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> m : original.entrySet()) {
            if (!methods.contains(m.getKey()) && !m.getValue().equals(rewrittenCode.get(m.getKey()))) {
                out.add(name + "." + m.getKey() + ": the scan would copy it, but the rewrite changes it");
            }
        }
        return out;
    }

    /** The names of the classes a jar holds (no module or META-INF entries). */
    static List<String> classNames(Path jar) throws IOException {
        List<String> out = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry e : java.util.Collections.list(file.entries())) {
                String n = e.getName();
                if (n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class")) {
                    out.add(n.substring(0, n.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
        return out;
    }

    static URL[] urls(List<Path> paths) throws MalformedURLException {
        URL[] out = new URL[paths.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = paths.get(i).toUri().toURL();
        }
        return out;
    }

    /** Defines the jar's classes from the given bytes; everything else comes from the dependencies. */
    private static final class JarLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        JarLoader(Map<String, byte[]> classes, ClassLoader dependencies) {
            super(dependencies);
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes = classes.get(name);
                    c = bytes != null ? defineClass(name, bytes, 0, bytes.length) : getParent().loadClass(name);
                }
                return c;
            }
        }
    }
}
