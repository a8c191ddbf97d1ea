package io.racewatch.instrument;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.BufferedInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.zip.CheckedInputStream;
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
    /**
     * The file as it was checked, open for the run: its entries are read as their classes load (most
     * runs load a part of a jar), none kept on the heap. Files are replaced, never written in place,
     * so this stays the file that was checked. Null when there is none.
     */
    private volatile FileChannel channel;
    /** Where each entry of {@link #channel} starts and how long it is. */
    private final Map<Key, long[]> unread = new ConcurrentHashMap<>();
    /** The entries made in this run. */
    private final Map<Key, CachedRewrite> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    /** Kept rewrites used in this run, and classes rewritten afresh (for {@code -Dracewatch.classCacheStats=true}). */
    final java.util.concurrent.atomic.LongAdder used = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder made = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean added;

    private CodeSourceCache(File file) {
        this.file = file;
    }

    /** The cache kept in {@code file}, checked now; empty when the file is absent, unreadable or damaged. */
    static CodeSourceCache load(File file) {
        CodeSourceCache cache = new CodeSourceCache(file);
        if (!file.isFile()) {
            return cache;
        }
        FileChannel opened = null;
        try {
            opened = FileChannel.open(file.toPath(), StandardOpenOption.READ);
            cache.index(opened);
            cache.channel = opened;
        } catch (IOException | RuntimeException | OutOfMemoryError absentOrDamaged) {
            cache.unread.clear();
            cache.bytes.set(0);
            close(opened);
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
        FileChannel from = channel;
        if (at == null || from == null) {
            return null;
        }
        try {
            return CachedRewrite.read(new DataInputStream(new ByteArrayInputStream(readAt(from, at))));
        } catch (IOException | RuntimeException damaged) {
            unread.remove(key);
            return null;
        }
    }

    /**
     * Keeps {@code rewrite} for the next runs, in place of any entry for the same key (whose answers
     * no longer held: the latest answers win), unless the file is full.
     */
    void put(Key key, CachedRewrite rewrite) {
        long size = rewrite.size() + key.internalName.length() + 32;
        if (bytes.get() + size > MAX_BYTES) {
            return;
        }
        if (entries.put(key, rewrite) == null && unread.remove(key) == null) {
            bytes.addAndGet(size);
        }
        added = true;
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
            FileChannel from = channel;
            Map<Key, long[]> kept = from == null ? Map.of() : new java.util.HashMap<>(unread);
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
                out.write(readAt(from, e.getValue()));
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
            channel = null;
            close(from); // some systems do not replace a file that is open
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

    /** Checks the whole file against its CRC-32 and notes where each entry is, reading it once, in order. */
    private void index(FileChannel from) throws IOException {
        long length = from.size();
        if (length < 12 || length > MAX_BYTES + (8L << 20)) {
            throw new IOException("not a class cache");
        }
        CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(Channels.newInputStream(from), 1 << 16), new CRC32());
        DataInputStream in = new DataInputStream(checked);
        if (in.readInt() != MAGIC) {
            throw new IOException("not a class cache");
        }
        int n = in.readInt();
        long at = 8;
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            int classLength = in.readInt();
            int crc32 = in.readInt();
            int crc32c = in.readInt();
            int flags = in.readByte();
            Key key = new Key(name, classLength, crc32, crc32c, (flags & 1) != 0, (flags & 2) != 0);
            int entryLength = in.readInt();
            at += 2 + utfLength(name) + 17; // the name as writeUTF wrote it, three ints, the flags, the entry's length
            if (entryLength < 0 || at + entryLength > length - 4 || in.skipBytes(entryLength) != entryLength) {
                throw new IOException("cut");
            }
            unread.put(key, new long[] {at, entryLength});
            at += entryLength;
        }
        long crc = checked.getChecksum().getValue();
        if (at != length - 4 || in.readInt() != (int) crc) {
            throw new IOException("damaged");
        }
        bytes.set(length);
    }

    private static byte[] readAt(FileChannel from, long[] at) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) at[1]);
        while (b.hasRemaining()) {
            if (from.read(b, at[0] + b.position()) < 0) {
                throw new IOException("cut");
            }
        }
        return b.array();
    }

    private static void close(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing was written through it
            }
        }
    }

    /** Bytes {@code writeUTF} takes for {@code s}, its length aside (modified UTF-8). */
    private static int utfLength(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c >= 0x0001 && c <= 0x007F ? 1 : c <= 0x07FF ? 2 : 3;
        }
        return n;
    }

}
