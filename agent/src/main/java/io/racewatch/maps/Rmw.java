package io.racewatch.maps;

/** A completed read-modify-write of one key by one thread, with no lock held across it. */
public record Rmw(MapAccess read, MapAccess write) implements Event {
    @Override
    public int tid() {
        return read.tid();
    }

    @Override
    public long seq() {
        return write.seq();
    }
}
