package io.racewatch.instrument;

import io.racewatch.runtime.AgentThreads;
import io.racewatch.runtime.CacheFolders;

import java.io.File;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The transformer's results for application and library classes, kept between runs (option
 * {@code classCache}): a second run of the same program neither scans nor rewrites a class it
 * rewrote before, nor compiles the rewriter. One file per code source (a jar: its path, length
 * and time), in a folder named by the agent build, the JDK and the options the rewrite reads;
 * each entry is keyed by its class file's bytes and by how the class is rewritten (checked or not,
 * first load or not), and holds the answers about other classes the rewrite depended on, checked
 * at every hit ({@link CachedRewrite}). Whatever does not match is a miss and is rewritten afresh.
 * <p>
 * Bounded on disk: at most {@link CodeSourceCache#MAX_BYTES} per file and {@link #MAX_FILES}
 * files per folder (the least recently written go first); other builds' folders untouched for a
 * day are deleted when this one is made. Entries go to disk as they are made, files are completed
 * and renamed into place when the JVM exits.
 */
public final class RewriteCache {
    static final int MAX_FILES = 500;
    private static final String PREFIX = "classes-";
    /** Changes with the format of the files, so that an older agent's are not read. */
    // 2: map calls made from bridges (MapCallBridges); 3: unreadable types named; 4: classes that load as they are marked in the index
    private static final String FORMAT = "4";

    private final File dir;
    private final Map<String, CodeSourceCache> bySource = new ConcurrentHashMap<>();
    /** Domains are shared by the classes of one code source and loader: one look-up of the location each. */
    private final Map<ProtectionDomain, CodeSourceCache> byDomain = new WeakHashMap<>();
    /**
     * The domain asked for last, and its cache: the classes of one code source mostly load one after
     * another, and this spares each a synchronized look-up in a weak map on the transformer's path.
     */
    private volatile LastDomain lastDomain;

    /** Whether the folder was there at start (when this run makes it, other builds' stale folders are deleted). */
    private final boolean folderExisted;

    private RewriteCache(File dir) {
        this.dir = dir;
        this.folderExisted = dir.isDirectory();
    }

    /**
     * A cache in {@code root} for this agent build and JDK and these options, written at exit.
     *
     * @param build     what identifies the agent build (its jar's path, length and time)
     * @param lifecycle the names of methods that end their object's life (option {@code lifecycle}), which the rewrite reads
     */
    public static RewriteCache in(File root, String build, Collection<String> lifecycle) {
        RewriteCache cache = new RewriteCache(folder(root, build, lifecycle));
        try {
            Runtime.getRuntime().addShutdownHook(AgentThreads.create("class-cache", new WriteAtExit(cache)));
        } catch (IllegalStateException | SecurityException exiting) {
            // nothing will be written
        }
        return cache;
    }

    /** Made without an exit hook: tests write with {@link #writeAll}. */
    static RewriteCache forTest(File root, String build, Collection<String> lifecycle) {
        return new RewriteCache(folder(root, build, lifecycle));
    }

    private static File folder(File root, String build, Collection<String> lifecycle) {
        String jdk = System.getProperty("java.home") + '|' + System.getProperty("java.vm.version") + '|'
            + System.getProperty("java.runtime.version");
        return new File(root, PREFIX + hash(FORMAT + '|' + build + '|' + jdk + '|' + new TreeSet<>(lifecycle)));
    }

    /**
     * The cache of the code source {@code domain} names, loaded at its first class; null when it
     * names none that is a file (a class generated at run time, a nested jar).
     */
    CodeSourceCache of(ProtectionDomain domain) {
        if (domain == null) {
            return null;
        }
        LastDomain last = lastDomain;
        if (last != null && last.domain.get() == domain) {
            return last.cache; // the domain of the class before: most are
        }
        return ofSlowly(domain);
    }

    private CodeSourceCache ofSlowly(ProtectionDomain domain) {
        synchronized (byDomain) {
            CodeSourceCache known = byDomain.get(domain);
            if (known != null || byDomain.containsKey(domain)) {
                lastDomain = new LastDomain(domain, known);
                return known;
            }
        }
        CodeSourceCache cache = forLocation(domain.getCodeSource());
        synchronized (byDomain) {
            byDomain.put(domain, cache);
        }
        lastDomain = new LastDomain(domain, cache);
        return cache;
    }

    /** The domain asked for last (held weakly, as the map holds it) and its code source's cache, or null for none. */
    private static final class LastDomain {
        final WeakReference<ProtectionDomain> domain;
        final CodeSourceCache cache;

        LastDomain(ProtectionDomain domain, CodeSourceCache cache) {
            this.domain = new WeakReference<>(domain);
            this.cache = cache;
        }
    }

    private CodeSourceCache forLocation(CodeSource source) {
        URL url = source == null ? null : source.getLocation();
        if (url == null || !"file".equals(url.getProtocol())) {
            return null;
        }
        File location;
        try {
            location = new File(url.toURI());
        } catch (java.net.URISyntaxException | IllegalArgumentException notAFile) {
            return null;
        }
        String identity = location.getAbsolutePath() + '|' + location.length() + '|' + location.lastModified();
        CodeSourceCache known = bySource.get(identity);
        if (known != null) {
            return known;
        }
        CodeSourceCache loaded = CodeSourceCache.load(new File(dir, hash(identity) + ".rwc"));
        known = bySource.putIfAbsent(identity, loaded);
        return known != null ? known : loaded;
    }

    /** Writes every code source's file that got entries in this run (at exit), then keeps the folder within bounds. */
    void writeAll() {
        boolean wrote = false;
        long used = 0;
        long made = 0;
        long renumbered = 0;
        for (CodeSourceCache source : bySource.values()) {
            used += source.used.sum();
            made += source.made.sum();
            renumbered += source.renumbered.sum();
            wrote |= source.added();
            source.writeIfAdded(); // the folder is made with the first entry of the run
        }
        if (wrote) {
            if (!folderExisted && dir.isDirectory()) {
                CacheFolders.deleteStaleSiblings(dir, PREFIX);
            }
            keepWithinBounds();
        }
        if (Boolean.getBoolean("racewatch.classCacheStats")) {
            System.err.println("racewatch class cache: " + used + " classes from the cache, " + made + " rewritten afresh, " + renumbered
                + " of those from the cache given other site or field ids, in " + dir);
        }
    }

    File dir() {
        return dir;
    }

    /** At most {@link #MAX_FILES} files, the least recently written deleted first; leftovers of interrupted writes too. */
    private void keepWithinBounds() {
        File[] files = dir.listFiles();
        if (files == null) {
            return;
        }
        long now = System.currentTimeMillis();
        for (File f : files) {
            if (f.getName().endsWith(".partial") && now - f.lastModified() > CacheFolders.STALE_MS) {
                f.delete();
            }
        }
        java.util.List<File> kept = new java.util.ArrayList<>();
        for (File f : files) {
            if (f.getName().endsWith(".rwc")) {
                kept.add(f);
            }
        }
        if (kept.size() <= MAX_FILES) {
            return;
        }
        File[] byAge = kept.toArray(new File[0]); // rare: a comparator's lambda is fine here
        Arrays.sort(byAge, java.util.Comparator.comparingLong(File::lastModified));
        for (int i = 0; i < byAge.length - MAX_FILES; i++) {
            byAge[i].delete();
        }
    }

    /** 16 hex digits from two checksums of {@code s}'s UTF-8 bytes: a file name, not a security boundary. */
    static String hash(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        CRC32 a = new CRC32();
        a.update(bytes, 0, bytes.length);
        CRC32C b = new CRC32C();
        b.update(bytes, 0, bytes.length);
        return Long.toHexString(1L << 63 | a.getValue() << 32 | b.getValue()).substring(1);
    }

    /** The exit hook's body (a named class: a method reference spins a class at start-up). */
    private static final class WriteAtExit implements Runnable {
        private final RewriteCache cache;

        WriteAtExit(RewriteCache cache) {
            this.cache = cache;
        }

        @Override
        public void run() {
            cache.writeAll();
        }
    }
}
