package io.racewatch.instrument;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import jdk.internal.vm.annotation.DontInline;

/**
 * The kept rewrites of the classes of one code source (a jar or a folder of classes), in one file
 * ({@link CacheIndex} has its layout): its header and index are read and checked at the first
 * class the code source defines, each entry is read and checked against its own CRC-32 as its
 * class loads, so the cost follows the classes a run loads, not the size of the file. An entry
 * that does not check is a miss, never half-used; a file whose header or index does not check is
 * empty. Entries made in this run go to the next file (a file of its own, named for this JVM)
 * through a buffer of 1 MB, not kept on the heap; at exit the entries of the old file that were not replaced are copied after
 * them, the index and header written, and the file renamed into place, so that a reader sees a
 * whole file or the one before.
 */
final class CodeSourceCache {
    /** Past this many bytes of entries, no more are added. */
    static final long MAX_BYTES = 64L << 20;

    /**
     * What a kept rewrite was made from: the class file (length and two checksums) and how it was to
     * be rewritten. A plain class, not a record: a record's equals and hashCode are linked at their
     * first call through the JDK's method-handle machinery, some 60 classes spun at start-up.
     */
    static final class Key {
        private final String internalName;
        private final int length;
        private final int crc32;
        private final int crc32c;
        private final boolean checked;
        private final boolean firstLoad;

        Key(String internalName, int length, int crc32, int crc32c, boolean checked, boolean firstLoad) {
            this.internalName = internalName;
            this.length = length;
            this.crc32 = crc32;
            this.crc32c = crc32c;
            this.checked = checked;
            this.firstLoad = firstLoad;
        }

        static Key of(String internalName, byte[] classFile, boolean checked, boolean firstLoad) {
            CRC32 crc = new CRC32();
            crc.update(classFile, 0, classFile.length);
            CRC32C crcC = new CRC32C();
            crcC.update(classFile, 0, classFile.length);
            return new Key(internalName, classFile.length, (int) crc.getValue(), (int) crcC.getValue(), checked, firstLoad);
        }

        String internalName() {
            return internalName;
        }

        int length() {
            return length;
        }

        int crc32() {
            return crc32;
        }

        int crc32c() {
            return crc32c;
        }

        boolean checked() {
            return checked;
        }

        boolean firstLoad() {
            return firstLoad;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.length == length && k.crc32 == crc32 && k.crc32c == crc32c && k.checked == checked
                && k.firstLoad == firstLoad && k.internalName.equals(internalName);
        }

        @Override
        public int hashCode() {
            return crc32 * 31 + crc32c + (checked ? 1 : 0) + (firstLoad ? 2 : 0);
        }
    }

    /**
     * A count for the statistics only, kept loosely: a plain field, not a {@code LongAdder}, whose
     * increment (with the probes racewatch puts in the JDK's atomics) the JIT compiled into the
     * transformer's path for every class. Two threads counting at once may lose one.
     */
    static final class Count {
        private int n;

        void increment() {
            n++;
        }

        long sum() {
            return n;
        }
    }

    private final File file;
    /**
     * The file as it was checked, open for the run. Files are replaced, never written in place, so
     * this stays the file that was checked. Null when there is none.
     */
    private volatile FileChannel channel;
    /**
     * The file's entries mapped into memory once {@link #MAP_AFTER} were read, or null: an entry is
     * then copied from the page cache as its class loads, not read with a system call of its own (a
     * program of ten thousand classes made as many reads). Not from the first: mapping a file loads
     * some ten JDK classes and spins a lambda, more than a small program's few reads cost. Never
     * written, and the file is replaced, never changed in place.
     */
    private volatile MappedByteBuffer entries;
    static final int MAP_AFTER = 64;
    /** Entries read from the channel so far (counted loosely: it only decides when to map). */
    private int channelReads;
    private final CacheIndex index;
    /** Entries of the old file that did not check, or were replaced in this run: not copied to the next. */
    private final Set<Key> dropped = ConcurrentHashMap.newKeySet();
    /** The next file, holding the entries made in this run, where {@link #made} says; null until the first. */
    private NextFile next;
    /** Set when the file was written (at exit): entries made later are not kept. */
    private boolean written;
    private final Map<Key, CacheIndex.Place> madeAt = new ConcurrentHashMap<>();
    /** Bytes of entries: the old file's, then those added. */
    private long bytes;
    /** Kept rewrites used in this run, and classes rewritten afresh (for {@code -Dracewatch.classCacheStats=true}). */
    final Count used = new Count();
    final Count made = new Count();
    /** Kept rewrites used with ids other than those they were kept with. */
    final Count renumbered = new Count();

    /** The next file's write buffer (entries reach the disk each time it fills). */
    private final int bufferBytes;

    private CodeSourceCache(File file, FileChannel channel, CacheIndex index, long bytes, int bufferBytes) {
        this.file = file;
        this.bufferBytes = bufferBytes;
        this.channel = channel;
        this.index = index;
        this.bytes = bytes;
    }

    /** The cache kept in {@code file}, its header and index checked now; empty when the file is absent, unreadable or damaged. */
    static CodeSourceCache load(File file) {
        return load(file, NextFile.BUFFER);
    }

    /** @param bufferBytes the next file's write buffer: entries made in this run reach the disk each time it fills */
    static CodeSourceCache load(File file, int bufferBytes) {
        FileChannel opened = null;
        try {
            opened = FileChannel.open(file.toPath(), StandardOpenOption.READ);
            CacheIndex index = CacheIndex.read(opened);
            return new CodeSourceCache(file, opened, index, opened.size(), bufferBytes);
        } catch (IOException | RuntimeException | OutOfMemoryError absentOrDamaged) {
            close(opened);
            return new CodeSourceCache(file, null, CacheIndex.EMPTY, 0, bufferBytes);
        }
    }

    /**
     * The entries of {@code from} mapped read-only, or null when they are read from the channel: no
     * entries, too large a file, or Windows, where a mapped file cannot be replaced at exit.
     */
    private static MappedByteBuffer map(FileChannel from, CacheIndex index) {
        long end = index.entriesEnd();
        if (end > Integer.MAX_VALUE || File.separatorChar != '/') {
            return null;
        }
        try {
            return from.map(FileChannel.MapMode.READ_ONLY, 0, end);
        } catch (IOException | RuntimeException | OutOfMemoryError unmappable) {
            return null;
        }
    }

    private synchronized void mapEntries(FileChannel from) {
        if (entries == null) {
            entries = map(from, index);
        }
    }

    /** The bytes of the old file's entry at {@code at}. */
    private byte[] read(FileChannel from, CacheIndex.Place at) throws IOException {
        MappedByteBuffer mapped = entries;
        if (mapped == null) {
            if (++channelReads == MAP_AFTER) {
                mapEntries(from);
            }
            return CacheIndex.readFully(from, at.offset(), at.length());
        }
        byte[] entry = new byte[at.length()];
        try {
            mapped.get((int) at.offset(), entry); // absolute: the buffer's position is shared by every loading thread, and stays
        } catch (InternalError fileCutByAnother) {
            throw new IOException(fileCutByAnother); // a fault in the mapped page: the file was cut under this run
        }
        return entry;
    }

    /**
     * The old file's entry at {@code at}, copied from the mapping once: its class file straight into
     * an array of its own (the one the class loads from), the rest into another, both checked
     * together against the entry's CRC-32; null when it does not check. Not the whole entry copied,
     * then its class file copied out of it again.
     */
    private static CachedRewrite fromMapping(MappedByteBuffer mapped, CacheIndex.Place at) throws IOException {
        int offset = (int) at.offset();
        int length = at.length();
        if (length < 4) {
            throw new IOException("entry cut");
        }
        try {
            int classLength = mapped.getInt(offset); // as CachedRewrite#write wrote it: the class file's length first, -1 for none
            CRC32 crc = new CRC32();
            for (int shift = 24; shift >= 0; shift -= 8) {
                crc.update(classLength >>> shift);
            }
            int restAt = offset + 4;
            byte[] rewritten = null;
            if (classLength >= 0) {
                if (classLength > length - 4) {
                    throw new IOException("entry cut");
                }
                rewritten = new byte[classLength];
                mapped.get(restAt, rewritten); // absolute, as in read
                crc.update(rewritten, 0, classLength);
                restAt += classLength;
            }
            byte[] rest = new byte[offset + length - restAt];
            mapped.get(restAt, rest);
            crc.update(rest, 0, rest.length);
            return (int) crc.getValue() == at.crc() ? CachedRewrite.read(rewritten, new EntryReader(rest)) : null;
        } catch (InternalError fileCutByAnother) {
            throw new IOException(fileCutByAnother); // a fault in the mapped page: the file was cut under this run
        }
    }

    /** The rewrite kept for {@code key}, or null; an entry that cannot be read or does not check is a miss. */
    CachedRewrite get(Key key) {
        return get(key, null);
    }

    /**
     * The same, or {@link CachedRewrite#LOADS_AS_IT_IS} when the old file's index says the class
     * loads as it is, with nothing to replay, on {@code classPath} (the state of the loader's class
     * path now, or null): then the entry is not read. Out of line: see {@link RewritingTransformer}'s
     * scan and rewrite.
     */
    @DontInline
    CachedRewrite get(Key key, String classPath) {
        try {
            CacheIndex.Place at = madeAt.get(key);
            if (at != null) {
                NextFile to = nextFile();
                byte[] entry = to == null ? null : to.read(at);
                return entry == null ? null : CachedRewrite.read(new EntryReader(entry));
            }
            FileChannel from = channel;
            if (from == null || dropped.contains(key) || (at = index.find(key)) == null) {
                return null;
            }
            if (classPath != null && classPath.equals(at.asIsOn())) {
                return CachedRewrite.LOADS_AS_IT_IS;
            }
            MappedByteBuffer mapped = entries;
            CachedRewrite kept;
            if (mapped != null) {
                kept = fromMapping(mapped, at);
            } else {
                byte[] entry = read(from, at);
                kept = crc(entry) == at.crc() ? CachedRewrite.read(new EntryReader(entry)) : null;
            }
            if (kept == null) {
                dropped.add(key);
            }
            return kept;
        } catch (IOException | RuntimeException damaged) {
            dropped.add(key);
            return null;
        }
    }

    /**
     * Keeps {@code rewrite} for the next runs, in place of any entry for the same key (whose answers
     * no longer held: the latest answers win), unless the file is full or cannot be made.
     */
    void put(Key key, CachedRewrite rewrite) {
        byte[] entry;
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) Math.min(rewrite.size() + 64, 1 << 20));
            rewrite.write(new DataOutputStream(buffer));
            entry = buffer.toByteArray();
        } catch (IOException | RuntimeException unwritable) {
            return;
        }
        synchronized (this) {
            if (written || bytes + entry.length > MAX_BYTES) {
                return;
            }
            if (next == null) {
                next = NextFile.open(file, bufferBytes);
            }
            CacheIndex.Place at = next.append(entry, crc(entry), rewrite.loadsAsItIsOn());
            if (at == null) {
                return;
            }
            bytes += entry.length;
            madeAt.put(key, at);
            dropped.add(key);
        }
    }

    private synchronized NextFile nextFile() {
        return next;
    }

    /** Whether entries were made in this run (to be written at exit). */
    synchronized boolean added() {
        return next != null && !written;
    }

    /** Entries there are: the old file's that checked so far and were not replaced, and this run's. */
    int size() {
        int old = index.count();
        for (Key k : dropped) {
            if (index.find(k) != null) {
                old--;
            }
        }
        return Math.max(0, old) + madeAt.size();
    }

    File file() {
        return file;
    }

    /**
     * Writes the file when entries were added in this run (the old file's other entries copied as
     * they are, with their own checksums); nothing when it cannot.
     */
    void writeIfAdded() {
        NextFile to;
        synchronized (this) {
            to = next;
            written = true;
        }
        if (to == null) {
            return;
        }
        FileChannel from = channel;
        Map<Key, CacheIndex.Place> all = new HashMap<>(madeAt);
        try {
            if (from != null) {
                for (Map.Entry<Key, CacheIndex.Place> e : index.all().entrySet()) {
                    if (!dropped.contains(e.getKey()) && !all.containsKey(e.getKey())) {
                        CacheIndex.Place at = e.getValue();
                        CacheIndex.Place copied = to.append(read(from, at), at.crc(), at.asIsOn());
                        if (copied != null) {
                            all.put(e.getKey(), copied);
                        }
                    }
                }
            }
            channel = null;
            close(from); // some systems do not replace a file that is open
            to.finish(all, file);
        } catch (IOException | RuntimeException unwritable) {
            to.abandon(); // the next run rewrites these classes again
        }
    }

    private static int crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length);
        return (int) crc.getValue();
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

    /**
     * The file being made: entries appended as they are made (through a buffer of {@link #BUFFER}
     * bytes, one write each time it fills, not one per class), index and header at the end, then
     * renamed into place.
     */
    private static final class NextFile {
        static final int BUFFER = 1 << 20;
        private final File partial;
        private final FileChannel out;
        /** Entries not written yet, from file offset {@link #bufferedAt}. */
        private final byte[] buffer;
        private int buffered;
        private long bufferedAt = CacheIndex.HEADER;
        private boolean failed;

        private NextFile(File partial, FileChannel out, int bufferBytes) {
            this.partial = partial;
            this.out = out;
            this.buffer = out == null ? null : new byte[bufferBytes];
            this.failed = out == null;
        }

        /** A file of this JVM's own beside {@code file}, or one that takes nothing when it cannot be made. */
        static NextFile open(File file, int bufferBytes) {
            File folder = file.getParentFile();
            if (folder != null && !folder.isDirectory()) {
                folder.mkdirs();
            }
            // A file of this JVM's own: two JVMs writing the same file each rename a whole file of their own. Made
            // unique by its creation (CREATE_NEW), not by the process id: the first ProcessHandle starts the JDK's
            // process reaper pool (10-30 ms of CPU, its classes hooked as they load), in every run that keeps a rewrite.
            File partial = null;
            for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
                partial = new File(folder, file.getName() + '.' + Long.toHexString(System.nanoTime()) + '.'
                    + Integer.toHexString(System.identityHashCode(new Object())) + ".partial");
                try {
                    return new NextFile(partial, FileChannel.open(partial.toPath(), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE), bufferBytes);
                } catch (java.nio.file.FileAlreadyExistsException another) {
                    // another JVM's (or this one's) file of that name: never written here, try another name
                } catch (IOException | RuntimeException unwritable) {
                    break;
                }
            }
            return new NextFile(partial, null, 0);
        }

        /** Names tried for the next file before this run keeps nothing. */
        private static final int CREATE_ATTEMPTS = 4;

        /**
         * Where {@code entry} now is, or null when it could not be written.
         *
         * @param asIsOn the class path state on which its class loads as it is, nothing replayed, or null
         */
        synchronized CacheIndex.Place append(byte[] entry, int crc, String asIsOn) {
            if (failed) {
                return null;
            }
            try {
                long at = bufferedAt + buffered;
                if (entry.length > buffer.length - buffered) {
                    flush();
                }
                if (entry.length > buffer.length) {
                    CacheIndex.writeFully(out, at, entry);
                    bufferedAt = at + entry.length;
                } else {
                    System.arraycopy(entry, 0, buffer, buffered, entry.length);
                    buffered += entry.length;
                }
                return new CacheIndex.Place(at, entry.length, crc, asIsOn);
            } catch (IOException | RuntimeException unwritable) {
                abandon();
                return null;
            }
        }

        private void flush() throws IOException {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buffer, 0, buffered);
            while (b.hasRemaining()) {
                out.write(b, bufferedAt + b.position());
            }
            bufferedAt += buffered;
            buffered = 0;
        }

        synchronized byte[] read(CacheIndex.Place at) throws IOException {
            if (failed) {
                return null;
            }
            byte[] entry = at.offset() >= bufferedAt
                ? java.util.Arrays.copyOfRange(buffer, (int) (at.offset() - bufferedAt), (int) (at.offset() - bufferedAt) + at.length())
                : CacheIndex.readFully(out, at.offset(), at.length());
            return crc(entry) == at.crc() ? entry : null;
        }

        synchronized void finish(Map<Key, CacheIndex.Place> entries, File file) throws IOException {
            if (failed) {
                return;
            }
            flush();
            CacheIndex.write(out, bufferedAt, entries);
            failed = true; // takes no more
            out.close();
            if (!partial.renameTo(file)) {
                partial.delete();
            }
        }

        synchronized void abandon() {
            failed = true;
            if (out != null) { // never made here: a file of that name is another's
                close(out);
                partial.delete();
            }
        }
    }
}
