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
    private final Map<Key, CachedRewrite> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
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
            cache.entries.clear();
            cache.bytes.set(0);
        }
        return cache;
    }

    CachedRewrite get(Key key) {
        return entries.get(key);
    }

    /** Keeps {@code rewrite} for the next runs, unless the file is full or the class has one already. */
    void put(Key key, CachedRewrite rewrite) {
        long size = rewrite.size() + key.internalName.length() + 32;
        if (bytes.get() + size > MAX_BYTES) {
            return;
        }
        if (entries.putIfAbsent(key, rewrite) == null) {
            bytes.addAndGet(size);
            added = true;
        }
    }

    int size() {
        return entries.size();
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
            Map<Key, CachedRewrite> snapshot = Map.copyOf(entries);
            out.writeInt(MAGIC);
            out.writeInt(snapshot.size());
            for (Map.Entry<Key, CachedRewrite> e : snapshot.entrySet()) {
                Key k = e.getKey();
                out.writeUTF(k.internalName);
                out.writeInt(k.length);
                out.writeInt(k.crc32);
                out.writeInt(k.crc32c);
                out.writeByte((k.checked ? 1 : 0) | (k.firstLoad ? 2 : 0));
                e.getValue().write(out);
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

    private void read(byte[] b) throws IOException {
        if (b.length < 12) {
            throw new IOException("too short");
        }
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        if (intAt(b, 0) != MAGIC || intAt(b, b.length - 4) != (int) crc.getValue()) {
            throw new IOException("not a class cache, or damaged");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(b, 4, b.length - 8));
        int n = in.readInt();
        long total = 0;
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            int length = in.readInt();
            int crc32 = in.readInt();
            int crc32c = in.readInt();
            int flags = in.readByte();
            Key key = new Key(name, length, crc32, crc32c, (flags & 1) != 0, (flags & 2) != 0);
            CachedRewrite rewrite = CachedRewrite.read(in);
            entries.put(key, rewrite);
            total += rewrite.size() + name.length() + 32;
        }
        if (in.available() != 0) {
            throw new IOException("trailing bytes");
        }
        bytes.set(total);
    }

    private static int intAt(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }
}
