package io.racewatch.maps;

/**
 * A completed read-modify-write of one key by one thread, with no lock held across it. It holds
 * copies of its two accesses, never the accesses themselves: a thread's next read and write of
 * the key may renew those in place ({@link MapAccess#renew}), while this must still say what the
 * earlier operation was until the next one replaces it ({@link #replaceWith}).
 */
public final class Rmw implements Event {
    private MapAccess read;
    private MapAccess write;
    /** Its write's check found no race (see {@link KeyState#repeatsCleanRmw}); under the key's lock. */
    boolean clean;

    /** A read-modify-write of these two accesses (copied). */
    public Rmw(MapAccess read, MapAccess write) {
        this.read = read.copy();
        this.write = write.copy();
    }

    /** The same thread's next read-modify-write of the key, in place of this one; under the key's lock. */
    void replaceWith(MapAccess read, MapAccess write) {
        MapAccess r = MapAccess.copyInto(this.read, read);
        MapAccess w = MapAccess.copyInto(this.write, write);
        if (r != this.read) { // most often renewed in place (no reference store, no GC barrier)
            this.read = r;
        }
        if (w != this.write) {
            this.write = w;
        }
    }

    public MapAccess read() {
        return read;
    }

    public MapAccess write() {
        return write;
    }

    @Override
    public int tid() {
        return read.tid();
    }

    @Override
    public long seq() {
        return write.seq();
    }
}
