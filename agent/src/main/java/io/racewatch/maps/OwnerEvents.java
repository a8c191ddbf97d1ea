package io.racewatch.maps;

/**
 * What one owner of a map did while it held the map alone: its last read, last write, last
 * read-modify-write and last relink (see {@link MapShadow}). One per owner: when the map is handed
 * over to a thread ordered after all of it, the next owner starts a fresh one and this one is kept,
 * read-only, until the map turns shared and its events are carried over.
 *
 * <p>Written by its owner only, in plain fields; read by another thread when it takes the map over
 * or turns it shared (a stale read there only makes the map shared, see {@link MapShadow#takeOver}).
 */
final class OwnerEvents {
    /** Clock slot of the owner ({@link Integer#MIN_VALUE} for the shared sentinel, which no thread has). */
    final int tid;
    /** The owner's own clock when it took the map: a thread that does not know it cannot take the map from it. */
    private final int since;
    /** Whether another owner had the map before this one (its stacks at the sites are not this thread's). */
    final boolean handedOver;
    final OwnerEvent lastRead = new OwnerEvent();
    final OwnerEvent lastWrite = new OwnerEvent();
    final OwnerEvent rmwRead = new OwnerEvent();
    final OwnerEvent rmwWrite = new OwnerEvent();
    /** The owner's last get of an access-ordered map or read of a weak one: a structural write, for the map-wide check only. */
    final OwnerEvent lastRelink = new OwnerEvent();
    /** The site of the owner's last access: a repeat there takes the shortest path. */
    int lastSite = -1;

    OwnerEvents(int tid, int since, boolean handedOver) {
        this.tid = tid;
        this.since = since;
        this.handedOver = handedOver;
    }

    /**
     * The owner's own clock at its latest access of the map (or when it took the map): every access
     * it made here happened-before whatever knows this entry. Every access sets the last read or the
     * last write (a cleared event keeps its clock), and a read-modify-write's halves are older.
     */
    int lastClock() {
        return Math.max(since, Math.max(lastRead.clock, Math.max(lastWrite.clock, lastRelink.clock)));
    }

    /** A copy of every event, for another thread to read at leisure. */
    OwnerEvents copy() {
        OwnerEvents c = new OwnerEvents(tid, since, handedOver);
        c.lastRead.copy(lastRead);
        c.lastWrite.copy(lastWrite);
        c.rmwRead.copy(rmwRead);
        c.rmwWrite.copy(rmwWrite);
        c.lastRelink.copy(lastRelink);
        return c;
    }

    /** Forgets the events (the map turned shared: they live in its key states now). */
    void clear() {
        lastRead.clear();
        lastWrite.clear();
        rmwRead.clear();
        rmwWrite.clear();
        lastRelink.clear();
    }
}
