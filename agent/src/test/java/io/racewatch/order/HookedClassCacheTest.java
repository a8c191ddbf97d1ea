package io.racewatch.order;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hooked JDK classes kept between runs: a hit only for the same class file, build and JDK; damage is a miss. */
class HookedClassCacheTest {
    private static final String ATOMIC = "java/util/concurrent/atomic/AtomicBoolean";

    @TempDir
    Path root;

    private static byte[] jdkClass(String internalName) throws Exception {
        try (InputStream in = Object.class.getResourceAsStream("/" + internalName + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void aKeptClassComesBackOnlyForTheSameClassFileAndBuild() throws Exception {
        byte[] original = jdkClass(ATOMIC);
        byte[] hooked = new JdkOrderHooks(null).transform(null, null, ATOMIC, null, null, original);
        HookedClassCache cache = HookedClassCache.in(root.toFile(), "build-1");
        assertNull(cache.get(ATOMIC, original));
        cache.put(ATOMIC, original, hooked);
        assertArrayEquals(hooked, cache.get(ATOMIC, original));
        assertArrayEquals(hooked, HookedClassCache.in(root.toFile(), "build-1").get(ATOMIC, original), "another run of the same build");

        byte[] changed = original.clone();
        changed[changed.length - 1] ^= 1;
        assertNull(cache.get(ATOMIC, changed), "another class file");
        assertNull(HookedClassCache.in(root.toFile(), "build-2").get(ATOMIC, original), "another build");
    }

    @Test
    void theHooksFromTheCacheAreTheHooksMadeAfresh() throws Exception {
        byte[] original = jdkClass(OrderPoints.CHM);
        byte[] fresh = new JdkOrderHooks(null).transform(null, null, OrderPoints.CHM, null, null, original);
        JdkOrderHooks cached = new JdkOrderHooks(HookedClassCache.in(root.toFile(), "build"));
        byte[] firstRun = cached.transform(null, null, OrderPoints.CHM, null, null, original);
        byte[] secondRun = cached.transform(null, null, OrderPoints.CHM, null, null, original);
        assertNotNull(fresh);
        assertFalse(Arrays.equals(original, fresh), "the class is hooked");
        assertArrayEquals(fresh, firstRun);
        assertArrayEquals(fresh, secondRun);
    }

    @Test
    void aDamagedEntryIsAMiss() throws Exception {
        byte[] original = jdkClass(ATOMIC);
        byte[] hooked = new JdkOrderHooks(null).transform(null, null, ATOMIC, null, null, original);
        HookedClassCache cache = HookedClassCache.in(root.toFile(), "build");
        cache.put(ATOMIC, original, hooked);
        File entry = only(cache.dir());

        try (RandomAccessFile f = new RandomAccessFile(entry, "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x10);
        }
        assertNull(cache.get(ATOMIC, original), "a flipped bit");

        cache.put(ATOMIC, original, hooked);
        try (RandomAccessFile f = new RandomAccessFile(entry, "rw")) {
            f.setLength(f.length() - 1);
        }
        assertNull(cache.get(ATOMIC, original), "a truncated entry");

        Files.write(entry.toPath(), new byte[0]);
        assertNull(cache.get(ATOMIC, original), "an empty entry");
    }

    @Test
    void anUnwritableCacheKeepsNothingAndFailsNothing() throws Exception {
        File notADirectory = root.resolve("file").toFile();
        Files.write(notADirectory.toPath(), new byte[] {1});
        byte[] original = jdkClass(ATOMIC);
        HookedClassCache cache = HookedClassCache.in(notADirectory, "build");
        cache.put(ATOMIC, original, original);
        assertNull(cache.get(ATOMIC, original));
    }

    @Test
    void aNewBuildDeletesOtherBuildsUnusedForADay() throws Exception {
        File stale = root.resolve("jdk-hooks-stale").toFile();
        File recent = root.resolve("jdk-hooks-recent").toFile();
        File foreign = root.resolve("not-ours").toFile();
        for (File d : new File[] {stale, recent, foreign}) {
            assertTrue(d.mkdirs());
            Files.write(d.toPath().resolve("x.class"), new byte[] {1});
        }
        long twoDaysAgo = System.currentTimeMillis() - 2L * 24 * 60 * 60 * 1000;
        assertTrue(stale.setLastModified(twoDaysAgo));
        assertTrue(foreign.setLastModified(twoDaysAgo));

        byte[] original = jdkClass(ATOMIC);
        HookedClassCache.in(root.toFile(), "build").put(ATOMIC, original, original);
        assertFalse(stale.exists(), "another build, unused for two days");
        assertTrue(recent.exists(), "another build, in use");
        assertTrue(foreign.exists(), "not a cache folder");
    }

    private static File only(File dir) {
        File[] files = dir.listFiles();
        assertNotNull(files);
        assertTrue(files.length == 1, Arrays.toString(files));
        return files[0];
    }
}
