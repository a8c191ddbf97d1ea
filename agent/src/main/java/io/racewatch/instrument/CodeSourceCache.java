package io.racewatch.instrument;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The kept rewrites of the classes of one code source (a jar or a folder of classes), in one
 * file: read whole at the first class the code source defines, written whole (if anything was
 * added) when the JVM exits. Written to a file of its own and renamed into place, so that a
 * reader sees a whole file or the one before; the file ends with the CRC-32 of all that comes
 * before it, so a damaged or cut file is read as empty (every class a miss), never half-used.
 */
final class CodeSourceCache {
    private static final int MAGIC = 0x52574331; // "RWC1"
    /** Past this many bytes of entries, no more are added: a file is read whole at start-up. */
    static final long MAX_BYTES = 64L << 20;

    /** What a kept rewrite was made from: the class file (length and two checksums) and how it was to be rewritten. */
    record Key(String internalName, int length, int crc32, int crc32c, boolean checked, boolean firstLoad) {
        static Key of(String internalName, byte[] classFile, boolean checked, boolean firstLoad) {
            CRC32 crc = new CRC32();
            crc.update(classFile, 0, classFile.length);
            CRC32C crcC = new CRC32C();
            crcC.update(classFile, 0, classFile.length);
            return new Key(internalName, classFile.length, (int) crc.getValue(), (int) crcC.getValue(), checked, firstLoad);
        }
    }

    private final File file;
    /** The file as read, whose entries are read as their classes load (most runs load a part of a jar). */
    private byte[] data = new byte[0];
    /** Where each entry of {@link #data} starts and how long it is. */
    private final Map<Key, long[]> unread = new ConcurrentHashMap<>();
    private final Map<Key, CachedRewrite> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    /** Kept rewrites used in this run, and classes rewritten afresh (for {@code -Dracewatch.classCacheStats=true}). */
    final java.util.concurrent.atomic.LongAdder used = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder made = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean added;

    private CodeSourceCache(File file) {
        this.file = file;
    }

    /** The cache kept in {@code file}, read now; empty when the file is absent, unreadable or damaged. */
    static CodeSourceCache load(File file) {
        CodeSourceCache cache = new CodeSourceCache(file);
        try {
            cache.read(Files.readAllBytes(file.toPath()));
        } catch (IOException | RuntimeException | OutOfMemoryError absentOrDamaged) {
            cache.unread.clear();
            cache.data = new byte[0];
            cache.bytes.set(0);
        }
        return cache;
    }

    /** The rewrite kept for {@code key}, or null; an entry that cannot be read is a miss. */
    CachedRewrite get(Key key) {
        CachedRewrite known = entries.get(key);
        if (known != null) {
            return known;
        }
        long[] at = unread.get(key);
        if (at == null) {
            return null;
        }
        try {
            known = CachedRewrite.read(new DataInputStream(new ByteArrayInputStream(data, (int) at[0], (int) at[1])));
        } catch (IOException | RuntimeException damaged) {
            unread.remove(key);
            return null;
        }
        CachedRewrite first = entries.putIfAbsent(key, known);
        return first == null ? known : first;
    }

    /** Keeps {@code rewrite} for the next runs, unless the file is full or the class has one already. */
    void put(Key key, CachedRewrite rewrite) {
        long size = rewrite.size() + key.internalName.length() + 32;
        if (bytes.get() + size > MAX_BYTES) {
            return;
        }
        if (!unread.containsKey(key) && entries.putIfAbsent(key, rewrite) == null) {
            bytes.addAndGet(size);
            added = true;
        }
    }

    int size() {
        return entries.size() + unread.size();
    }

    File file() {
        return file;
    }

    /** Writes the file when entries were added in this run; nothing when it cannot. */
    void writeIfAdded() {
        if (!added) {
            return;
        }
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
            DataOutputStream out = new DataOutputStream(buffer);
            Map<Key, CachedRewrite> made = Map.copyOf(entries);
            Map<Key, long[]> kept = new java.util.HashMap<>(unread);
            kept.keySet().removeAll(made.keySet());
            out.writeInt(MAGIC);
            out.writeInt(made.size() + kept.size());
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            for (Map.Entry<Key, CachedRewrite> e : made.entrySet()) {
                entry.reset();
                e.getValue().write(new DataOutputStream(entry));
                writeKey(out, e.getKey(), entry.size());
                entry.writeTo(out);
            }
            for (Map.Entry<Key, long[]> e : kept.entrySet()) { // as they were read: the bytes are the entry
                writeKey(out, e.getKey(), (int) e.getValue()[1]);
                out.write(data, (int) e.getValue()[0], (int) e.getValue()[1]);
            }
            CRC32 crc = new CRC32();
            byte[] body = buffer.toByteArray();
            crc.update(body, 0, body.length);
            out.writeInt((int) crc.getValue());
            // Unique per JVM and instant: two JVMs writing the same file each rename a whole file of their own.
            File partial = new File(file.getParentFile(), file.getName() + '.' + ProcessHandle.current().pid() + '.' + System.nanoTime()
                + ".partial");
            try (OutputStream os = new FileOutputStream(partial)) {
                buffer.writeTo(os);
            }
            if (!partial.renameTo(file)) {
                partial.delete();
            }
            added = false;
        } catch (IOException | RuntimeException unwritable) {
            // the next run rewrites these classes again
        }
    }

    private static void writeKey(DataOutputStream out, Key k, int entryLength) throws IOException {
        out.writeUTF(k.internalName);
        out.writeInt(k.length);
        out.writeInt(k.crc32);
        out.writeInt(k.crc32c);
        out.writeByte((k.checked ? 1 : 0) | (k.firstLoad ? 2 : 0));
        out.writeInt(entryLength);
    }

    private void read(byte[] b) throws IOException {
        if (b.length < 12) {
            throw new IOException("too short");
        }
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        if (intAt(b, 0) != MAGIC || intAt(b, b.length - 4) != (int) crc.getValue()) {
            throw new IOException("not a class cache, or damaged");
        }
        ByteArrayInputStream from = new ByteArrayInputStream(b, 4, b.length - 8);
        DataInputStream in = new DataInputStream(from);
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            int length = in.readInt();
            int crc32 = in.readInt();
            int crc32c = in.readInt();
            int flags = in.readByte();
            Key key = new Key(name, length, crc32, crc32c, (flags & 1) != 0, (flags & 2) != 0);
            int entryLength = in.readInt();
            int start = b.length - 4 - from.available();
            if (entryLength < 0 || in.skipBytes(entryLength) != entryLength) {
                throw new IOException("cut");
            }
            unread.put(key, new long[] {start, entryLength});
        }
        if (from.available() != 0) {
            throw new IOException("trailing bytes");
        }
        data = b;
        bytes.set(b.length);
    }

    private static int intAt(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }
}
