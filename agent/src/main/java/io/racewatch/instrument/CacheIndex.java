package io.racewatch.instrument;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The layout of a code source's cache file, and its index: what makes opening the file cost the
 * same for a jar of three classes and one of ten thousand, and each entry checked on its own as
 * its class loads (a program that loads 3 classes of a fat jar reads 3 entries, not the file).
 * <pre>
 * header  (40 bytes) magic "RWC2", entry count, bucket count (a power of two), index offset (long),
 *                    index length, index CRC-32, file length (long), CRC-32 of the 36 bytes before it
 * entries            each one {@link CachedRewrite}'s bytes, from offset 40
 * index              bucket count + 1 ints (where each bucket's records start, relative to the records),
 *                    then the records, grouped by bucket (the class file's CRC-32 &amp; (buckets - 1)):
 *                    name (writeUTF), class length, CRC-32, CRC-32C, flags, entry offset (long),
 *                    entry length, entry CRC-32, and when the flags say the class loads as it is
 *                    ({@link #LOADS_AS_IT_IS}), the class path state that holds on (writeUTF)
 * </pre>
 * A file whose header, length or index does not check is empty; an entry whose CRC-32 does not
 * check is a miss ({@link CodeSourceCache}).
 */
final class CacheIndex {
    static final int MAGIC = 0x52574332; // "RWC2"
    static final int HEADER = 40;
    private static final int RECORD_TAIL = 29; // after the name: 3 ints, the flags, a long, 2 ints
    private static final int MAX_INDEX = 32 << 20;
    /**
     * A record's flag: the entry's class loads as it is and its rewrite tells the runtime nothing,
     * while the class path's state is the one the record names ({@link CachedRewrite#loadsAsItIsOn}).
     * Such a hit is decided from the index alone (checked as a whole when the file is opened): its
     * entry is neither read nor parsed. Most classes of a library are these.
     */
    private static final int LOADS_AS_IT_IS = 4;

    /**
     * An entry's place in its file: offset, length, CRC-32 of its bytes, and the class path state on
     * which its class loads as it is with nothing to replay (null when that is not so).
     */
    static final class Place {
        private final long offset;
        private final int length;
        private final int crc;
        private final String asIsOn;

        Place(long offset, int length, int crc) {
            this(offset, length, crc, null);
        }

        Place(long offset, int length, int crc, String asIsOn) {
            this.offset = offset;
            this.length = length;
            this.crc = crc;
            this.asIsOn = asIsOn;
        }

        /** The class path state on which the class loads as it is, nothing replayed; null for none. */
        String asIsOn() {
            return asIsOn;
        }

        long offset() {
            return offset;
        }

        int length() {
            return length;
        }

        int crc() {
            return crc;
        }
    }

    static final CacheIndex EMPTY = new CacheIndex(new byte[4], 0, 1, 0);

    private final ByteBuffer index;
    private final int count;
    private final int buckets;
    /** Where the records start in {@link #index}. */
    private final int records;
    /** Entries lie below this offset. */
    private final long entriesEnd;
    /**
     * The class path state a record named last, decoded: every record of a code source names the
     * same one, so it is compared in place and made once, not once per class. Racy and harmless:
     * a string is safely shared, and a stale one is only decoded again.
     */
    private String lastState;

    private CacheIndex(byte[] index, int count, int buckets, long entriesEnd) {
        this.index = ByteBuffer.wrap(index);
        this.count = count;
        this.buckets = buckets;
        this.records = 4 * (buckets + 1);
        this.entriesEnd = entriesEnd;
    }

    int count() {
        return count;
    }

    /** Where the entries end (and the index starts). */
    long entriesEnd() {
        return entriesEnd;
    }

    /** Reads the header and the index of {@code from}, checked; an exception when either does not check. */
    static CacheIndex read(FileChannel from) throws IOException {
        long size = from.size();
        if (size < HEADER) {
            throw new IOException("not a class cache");
        }
        ByteBuffer header = ByteBuffer.wrap(readFully(from, 0, HEADER));
        CRC32 crc = new CRC32();
        crc.update(header.array(), 0, HEADER - 4);
        int count = header.getInt(4);
        int buckets = header.getInt(8);
        long indexAt = header.getLong(12);
        int indexLength = header.getInt(20);
        if (header.getInt(0) != MAGIC || header.getInt(HEADER - 4) != (int) crc.getValue() || header.getLong(28) != size) {
            throw new IOException("not a class cache, or cut");
        }
        if (count < 0 || buckets <= 0 || Integer.bitCount(buckets) != 1 || indexLength < 4 * (buckets + 1) || indexLength > MAX_INDEX
            || indexAt < HEADER || indexAt + indexLength != size) {
            throw new IOException("damaged header");
        }
        byte[] index = readFully(from, indexAt, indexLength);
        crc.reset();
        crc.update(index, 0, indexLength);
        if ((int) crc.getValue() != header.getInt(24)) {
            throw new IOException("damaged index");
        }
        return new CacheIndex(index, count, buckets, indexAt);
    }

    /** Where the entry for {@code key} is, or null; null too for a record that points outside the entries. */
    Place find(CodeSourceCache.Key key) {
        if (count == 0) {
            return null;
        }
        int bucket = key.crc32() & (buckets - 1);
        int p = records + index.getInt(4 * bucket);
        int end = records + index.getInt(4 * bucket + 4);
        while (p < end) {
            int nameLength = index.getShort(p) & 0xFFFF;
            int q = p + 2 + nameLength;
            int flags = index.get(q + 12);
            if (index.getInt(q) == key.length() && index.getInt(q + 4) == key.crc32() && index.getInt(q + 8) == key.crc32c()
                && (flags & ~LOADS_AS_IT_IS) == flags(key)
                && ModifiedUtf8.is(index.array(), p + 2, nameLength, key.internalName())) {
                return place(q, flags);
            }
            p = next(q, flags);
        }
        return null;
    }

    /** Where the record after the one whose tail is at {@code q} starts. */
    private int next(int q, int flags) {
        int p = q + RECORD_TAIL;
        return (flags & LOADS_AS_IT_IS) == 0 ? p : p + 2 + (index.getShort(p) & 0xFFFF);
    }

    /** Every record, in the index's order (when the file is rewritten). */
    Map<CodeSourceCache.Key, Place> all() {
        Map<CodeSourceCache.Key, Place> all = new java.util.LinkedHashMap<>();
        int p = records;
        int end = index.capacity();
        for (int i = 0; i < count && p < end; i++) {
            int nameLength = index.getShort(p) & 0xFFFF;
            int q = p + 2 + nameLength;
            int flags = index.get(q + 12);
            CodeSourceCache.Key key = new CodeSourceCache.Key(ModifiedUtf8.decode(index.array(), p + 2, nameLength), index.getInt(q),
                index.getInt(q + 4), index.getInt(q + 8), (flags & 1) != 0, (flags & 2) != 0);
            Place at = place(q, flags);
            if (at != null) {
                all.put(key, at);
            }
            p = next(q, flags);
        }
        return all;
    }

    private Place place(int q, int flags) {
        long offset = index.getLong(q + 13);
        int length = index.getInt(q + 21);
        if (offset < HEADER || length < 0 || offset + length > entriesEnd) {
            return null;
        }
        return new Place(offset, length, index.getInt(q + 25), (flags & LOADS_AS_IT_IS) == 0 ? null : state(q + RECORD_TAIL));
    }

    /** The class path state written at {@code at} (writeUTF). */
    private String state(int at) {
        int length = index.getShort(at) & 0xFFFF;
        if (at + 2 + length > index.capacity()) {
            throw new IndexOutOfBoundsException("record cut");
        }
        String last = lastState;
        if (last != null && ModifiedUtf8.is(index.array(), at + 2, length, last)) {
            return last;
        }
        return lastState = ModifiedUtf8.decode(index.array(), at + 2, length);
    }

    private static byte flags(CodeSourceCache.Key k) {
        return (byte) ((k.checked() ? 1 : 0) | (k.firstLoad() ? 2 : 0));
    }

    /**
     * Writes the index of {@code entries} at {@code indexAt} of {@code to} (whose entries end
     * there), then the header: the file is whole once this returns.
     */
    static void write(FileChannel to, long indexAt, Map<CodeSourceCache.Key, Place> entries) throws IOException {
        int buckets = 1;
        while (buckets < entries.size()) {
            buckets <<= 1;
        }
        List<List<Map.Entry<CodeSourceCache.Key, Place>>> byBucket = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            byBucket.add(new ArrayList<>(1));
        }
        for (Map.Entry<CodeSourceCache.Key, Place> e : entries.entrySet()) {
            byBucket.get(e.getKey().crc32() & (buckets - 1)).add(e);
        }
        ByteArrayOutputStream recordBytes = new ByteArrayOutputStream(64 * entries.size() + 16);
        DataOutputStream records = new DataOutputStream(recordBytes);
        ByteBuffer starts = ByteBuffer.allocate(4 * (buckets + 1));
        for (int b = 0; b < buckets; b++) {
            starts.putInt(records.size());
            for (Map.Entry<CodeSourceCache.Key, Place> e : byBucket.get(b)) {
                CodeSourceCache.Key k = e.getKey();
                Place at = e.getValue();
                records.writeUTF(k.internalName());
                records.writeInt(k.length());
                records.writeInt(k.crc32());
                records.writeInt(k.crc32c());
                records.writeByte(flags(k) | (at.asIsOn() == null ? 0 : LOADS_AS_IT_IS));
                records.writeLong(at.offset());
                records.writeInt(at.length());
                records.writeInt(at.crc());
                if (at.asIsOn() != null) {
                    records.writeUTF(at.asIsOn());
                }
            }
        }
        starts.putInt(records.size());
        byte[] index = new byte[starts.capacity() + records.size()];
        System.arraycopy(starts.array(), 0, index, 0, starts.capacity());
        System.arraycopy(recordBytes.toByteArray(), 0, index, starts.capacity(), records.size());
        writeFully(to, indexAt, index);

        CRC32 crc = new CRC32();
        crc.update(index, 0, index.length);
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        header.putInt(MAGIC).putInt(entries.size()).putInt(buckets).putLong(indexAt).putInt(index.length).putInt((int) crc.getValue())
            .putLong(indexAt + index.length);
        crc.reset();
        crc.update(header.array(), 0, HEADER - 4);
        header.putInt((int) crc.getValue());
        writeFully(to, 0, header.array());
    }

    /**
     * At most this many bytes per read: the JDK reads into an array through a temporary native
     * buffer of the read's size, made afresh (zeroed, its pages touched) and then kept for the
     * thread whenever it is larger than the one it has; an index of ten thousand classes is some
     * 800 kB, read at the first class a program loads from its code source.
     */
    private static final int READ_CHUNK = 64 << 10;

    static byte[] readFully(FileChannel from, long at, int length) throws IOException {
        byte[] bytes = new byte[length];
        int done = 0;
        while (done < length) {
            int n = from.read(ByteBuffer.wrap(bytes, done, Math.min(READ_CHUNK, length - done)), at + done);
            if (n < 0) {
                throw new IOException("cut");
            }
            done += n;
        }
        return bytes;
    }

    static void writeFully(FileChannel to, long at, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            to.write(b, at + b.position());
        }
    }
}
