package io.racewatch.instrument;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What decides every answer the JDK's application class loader gives about a class outside the
 * JDK: its class path (the {@code java.class.path} jars, the jars their manifests'
 * {@code Class-Path} name, transitively), the boot class path's appended jars and the module
 * options, each jar by path, length and time. The loader finds a class file in the first of these
 * jars that has it, so while they are the same, every class file it reads is the same, and a kept
 * rewrite's answers about other classes need not be asked again ({@link CachedRewrite}). Only jars:
 * a folder's classes can change without the folder's length or time changing, so a class path
 * with a folder has no state (answers are asked again).
 */
final class ClassPathState {
    private static final int MAX_JARS = 2000;
    private static volatile String appLoaderState;
    private static volatile boolean known;

    private ClassPathState() {
    }

    /**
     * The state (a hash of it) for classes {@code loader} defines; null when it is not the JDK's
     * application loader or has no state.
     */
    static String of(ClassLoader loader) {
        if (loader == null || loader != ClassLoader.getSystemClassLoader()
            || !loader.getClass().getName().equals("jdk.internal.loader.ClassLoaders$AppClassLoader")) {
            return null;
        }
        if (!known) {
            synchronized (ClassPathState.class) {
                if (!known) {
                    String state = read();
                    appLoaderState = state == null ? null : RewriteCache.hash(state);
                    known = true;
                }
            }
        }
        return appLoaderState;
    }

    /** The state as it is now (read once per run by {@link #of}). */
    static String read() {
        StringBuilder state = new StringBuilder();
        Map<String, String> modules = new TreeMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("jdk.module.")) {
                modules.put(name, System.getProperty(name));
            }
        }
        state.append(modules).append('\n');
        String boot = System.getProperty("jdk.boot.class.path.append");
        if (!jars(boot, state)) {
            return null;
        }
        state.append("--\n");
        return jars(System.getProperty("java.class.path"), state) ? state.toString() : null;
    }

    /** Appends each jar of {@code path} and those their manifests name; false when one is not a jar or cannot be read. */
    private static boolean jars(String path, StringBuilder state) {
        if (path == null || path.isEmpty()) {
            return true;
        }
        Set<File> seen = new LinkedHashSet<>();
        Deque<File> next = new ArrayDeque<>();
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                next.add(new File(entry).getAbsoluteFile());
            }
        }
        while (!next.isEmpty()) {
            File jar = next.poll();
            if (!seen.add(jar)) {
                continue;
            }
            if (seen.size() > MAX_JARS) {
                return false;
            }
            if (!jar.exists()) {
                state.append("absent ").append(jar).append('\n'); // a class path entry that is not there finds nothing
                continue;
            }
            if (!jar.isFile()) {
                return false;
            }
            state.append(jar).append('|').append(jar.length()).append('|').append(jar.lastModified()).append('\n');
            try (JarFile file = new JarFile(jar, false)) {
                Manifest manifest = file.getManifest();
                String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
                if (classPath != null) {
                    for (String relative : classPath.trim().split("\\s+")) {
                        File named = named(jar, relative);
                        if (named == null) {
                            return false;
                        }
                        next.add(named);
                    }
                }
            } catch (IOException | RuntimeException unreadable) {
                return false;
            }
        }
        return true;
    }

    /** A manifest's class path entry, a URL relative to its jar; null when it is not a local file. */
    private static File named(File jar, String relative) {
        try {
            URI uri = jar.toURI().resolve(relative);
            return "file".equals(uri.getScheme()) ? new File(uri).getAbsoluteFile() : null;
        } catch (IllegalArgumentException notAFile) {
            return null;
        }
    }
}
