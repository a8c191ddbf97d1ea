package io.racewatch.maps;

import io.racewatch.order.SyncVar;
import io.racewatch.runtime.Tracking;

import java.util.List;

/** Shared-mode state of one key of one map: its history, open reads, recent writes and read-modify-writes. */
public final class KeyState {
    private static final int THREADS = 4;

    public final String keyText;
    private long seq;
    private final History history = new History(Tracking.historySize);
    private final RecentByThread<MapAccess> openReads = new RecentByThread<>(THREADS);
    private final RecentByThread<MapAccess> writes = new RecentByThread<>(THREADS);
    private final RecentByThread<Rmw> rmws = new RecentByThread<>(THREADS);
    /** Happens-before carried by a thread-safe map between a write of this key and a later read. */
    final SyncVar sync = new SyncVar();

    KeyState(String keyText) {
        this.keyText = keyText;
    }

    void append(MapAccess a) {
        history.append(a);
    }

    public List<MapAccess> history() {
        return history.snapshot();
    }

    void openRead(MapAccess read) {
        openReads.put(read);
    }

    /** The thread's read not yet followed by a write of this key, removed; null if none. */
    public MapAccess takeOpenRead(int tid) {
        return openReads.take(tid);
    }

    /** The thread's read not yet followed by a write of this key, left open; null if none (racy without the key's lock). */
    MapAccess openReadOf(int tid) {
        return openReads.peek(tid);
    }

    /** Reads not yet followed by a write, by any thread (at most one each). */
    public RecentByThread<MapAccess> openReads() {
        return openReads;
    }

    /** The next number in this key's order; called under the key's lock. */
    long nextSeq() {
        return ++seq;
    }

    void addWrite(MapAccess write) {
        writes.put(write);
    }

    public RecentByThread<MapAccess> writes() {
        return writes;
    }

    public void addRmw(Rmw rmw) {
        rmws.put(rmw);
    }

    public RecentByThread<Rmw> rmws() {
        return rmws;
    }
}
