package io.racewatch.bench.workloads.startup;

import io.racewatch.bench.workloads.Harness;
import io.racewatch.bench.workloads.Workload;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads (defines, without initialising) up to 10 000 library classes from the class path (H2,
 * Jetty, Caffeine, Reactor, Guava, Commons), the way a large application's start-up does: every
 * one passes through the agent's transformer. One round; its time is the loading alone.
 */
public final class ManyClasses implements Workload {
    static final int LIMIT = 10_000;
    static final String[] PREFIXES = {
        "org/h2/", "org/eclipse/jetty/", "com/github/benmanes/caffeine/", "reactor/", "org/reactivestreams/",
        "com/google/common/", "org/apache/commons/",
    };

    private final List<String> names;

    public ManyClasses(double scale) throws IOException {
        List<String> all = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                try (JarFile jar = new JarFile(entry)) {
                    for (JarEntry e : Collections.list(jar.entries())) {
                        String n = e.getName();
                        if (n.endsWith(".class") && isLibrary(n) && !n.endsWith("module-info.class")
                            && !n.endsWith("package-info.class")) {
                            all.add(n.substring(0, n.length() - ".class".length()).replace('/', '.'));
                        }
                    }
                }
            }
        }
        Collections.sort(all);
        names = all.subList(0, Math.min(all.size(), (int) (LIMIT * Math.min(1.0, scale))));
    }

    private static boolean isLibrary(String entry) {
        for (String p : PREFIXES) {
            if (entry.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long round(int index) {
        ClassLoader loader = ManyClasses.class.getClassLoader();
        long loaded = 0;
        for (String n : names) {
            try {
                Class.forName(n, false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError optionalDependencyMissing) {
                // Some library classes need optional dependencies that are not here: counted out.
            }
        }
        return loaded;
    }

    public static void main(String[] args) {
        String[] withDefaults = args.length == 0 ? new String[] {"rounds=1", "steady=1"} : args;
        Harness.main("classes", withDefaults, ManyClasses::new);
    }
}
