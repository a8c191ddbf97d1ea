package io.racewatch.order;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32;

/**
 * The JDK classes racewatch has hooked, kept on disk between runs: hooking them (ASM on some of
 * the JDK's largest classes, run interpreted and then compiled at every start) was most of the
 * agent's start-up. The hooks depend only on the class file given and on racewatch's own code, so
 * an entry is named by the class, the CRC-32 and length of the class file it was made from, in a
 * folder named by this agent build and this JDK: any other class file, build or JDK misses and is
 * hooked again. A miss, an unreadable entry or an unwritable folder only costs the hooking.
 * <p>
 * Entries are written to a file of their own and renamed into place, so a reader sees a whole
 * entry or none, whatever other JVMs do at the same time; each starts with the CRC-32 of the class
 * file it holds, checked at every read, so a damaged entry is a miss, never a broken JDK class. When a build's folder is made, other
 * builds' folders untouched for a day are deleted, so that rebuilding the agent does not grow the
 * cache without bound.
 */
final class HookedClassCache {
    /** Length of an entry's check: the CRC-32 of the class file that follows it, big-endian. */
    private static final int CHECK = 4;

    /** This build's and JDK's folder. */
    private final File dir;

    private HookedClassCache(File dir) {
        this.dir = dir;
    }

    /**
     * @param root  the cache's folder (shared by builds and JDKs)
     * @param build what identifies this agent build (its jar's path, length and time)
     */
    static HookedClassCache in(File root, String build) {
        String jdk = System.getProperty("java.home") + '|' + System.getProperty("java.vm.version") + '|'
            + System.getProperty("java.runtime.version");
        return new HookedClassCache(new File(root, "jdk-hooks-" + hex(build + '|' + jdk)));
    }

    /**
     * The hooked class file made from {@code original} before, or null. Read straight into an array
     * of the class file's size (no growing buffer, no copy: the JDK's largest classes are tens of kB).
     */
    byte[] get(String internalName, byte[] original) {
        File file = entry(internalName, original);
        long length = file.length(); // 0 when absent
        if (length < CHECK + 4 || length > Integer.MAX_VALUE) {
            return null;
        }
        byte[] check = new byte[CHECK];
        byte[] kept = new byte[(int) length - CHECK];
        try (InputStream in = new FileInputStream(file)) {
            if (!readFully(in, check) || !readFully(in, kept) || in.read() >= 0) {
                return null; // shorter or longer than when its length was read: being replaced
            }
        } catch (IOException | SecurityException absentOrUnreadable) {
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(kept, 0, kept.length);
        if (crc.getValue() != readInt(check, 0) || readInt(kept, 0) != 0xCAFEBABEL) {
            return null;
        }
        return kept;
    }

    private static boolean readFully(InputStream in, byte[] into) throws IOException {
        int n = 0;
        while (n < into.length) {
            int r = in.read(into, n, into.length - n);
            if (r < 0) {
                return false;
            }
            n += r;
        }
        return true;
    }

    /** Keeps {@code hooked}, made from {@code original}; nothing when it cannot be written. */
    void put(String internalName, byte[] original, byte[] hooked) {
        try {
            if (!dir.isDirectory()) {
                if (!dir.mkdirs()) {
                    return;
                }
                io.racewatch.runtime.CacheFolders.deleteStaleSiblings(dir, "jdk-hooks-");
            }
            File entry = entry(internalName, original);
            // Unique per thread and instant: two JVMs writing the same entry each rename a whole file of their own.
            File partial = new File(dir, entry.getName() + '.' + Thread.currentThread().getId() + '.' + System.nanoTime() + ".partial");
            CRC32 crc = new CRC32();
            crc.update(hooked, 0, hooked.length);
            long check = crc.getValue();
            try (OutputStream out = new FileOutputStream(partial)) {
                out.write(new byte[] {(byte) (check >>> 24), (byte) (check >>> 16), (byte) (check >>> 8), (byte) check});
                out.write(hooked);
            }
            if (!partial.renameTo(entry)) {
                partial.delete();
            }
        } catch (IOException | SecurityException unwritable) {
            // the next run hooks it again
        }
    }

    File dir() {
        return dir;
    }

    /** The unsigned big-endian int at {@code at}. */
    private static long readInt(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }

    private File entry(String internalName, byte[] original) {
        CRC32 crc = new CRC32();
        crc.update(original, 0, original.length);
        return new File(dir, internalName.replace('/', '.') + '-' + Long.toHexString(crc.getValue()) + '-' + original.length + ".class");
    }

    /** 16 hex digits of a 64-bit hash of {@code s} (a folder name, not a security boundary). */
    private static String hex(String s) {
        long h = 1125899906842597L;
        for (int i = 0; i < s.length(); i++) {
            h = 31 * h + s.charAt(i);
        }
        CRC32 crc = new CRC32();
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        crc.update(bytes, 0, bytes.length);
        return Long.toHexString(h) + Long.toHexString(crc.getValue());
    }
}
