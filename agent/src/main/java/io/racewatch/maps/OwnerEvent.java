package io.racewatch.maps;

import io.racewatch.order.VectorClocks;
import io.racewatch.runtime.ThreadState;

/**
 * One access of a map by its single owner thread, kept in mutable fields so that owner-mode
 * accesses allocate nothing. Turned into a {@link MapAccess} only when a second thread arrives.
 */
final class OwnerEvent {
    Object key;
    int tid;
    String thread;
    byte op;
    int site;
    int clock;
    int[] vc;
    long outerLock;
    long innerLock;
    /**
     * The value written: a JDK value as it is, any other weakly ({@link WrittenValue#keep}), for it may
     * reach the map (see {@link MapShadow}'s heldValue).
     */
    Object value = WrittenValue.UNKNOWN;
    private boolean set;

    void set(ThreadState ts, Object key, int site, byte op) {
        set(ts, key, site, op, WrittenValue.UNKNOWN);
    }

    void set(ThreadState ts, Object key, int site, byte op, Object value) {
        String name = Thread.currentThread().getName();
        if (this.thread != name) {
            this.thread = name;
        }
        this.tid = ts.tid;
        this.op = op;
        this.site = site;
        repeat(ts, key, value);
    }

    /**
     * {@link #set} again by the thread, at the site and with the operation of the last {@code set}
     * (the owner repeating its access at one call site): only the key, value, clocks and locks can
     * differ. The thread's name is the one it had at that first access (a rename in between is not
     * seen until it accesses the map from another site).
     */
    void repeat(ThreadState ts, Object key, Object value) {
        // A reference stored into this long-lived object costs a GC write barrier (with G1, a fence
        // when it crosses regions): in a loop most of them are the value already there, so compare first.
        if (this.value != value) {
            this.value = value;
        }
        if (this.key != key) {
            this.key = key;
        }
        // The clock this event holds already was handed out when it was stored (ThreadState.vc()),
        // and the thread's next join that changes it copies it: taken again only when it changed.
        if (this.vc != ts.vcNow()) {
            this.vc = ts.vc();
        }
        this.clock = ts.own;
        if (ts.locksHeld() == 0) {
            // No lock held, the common case: nothing to read, and the ids are most often 0 already.
            if ((this.outerLock | this.innerLock) != 0) {
                this.outerLock = 0;
                this.innerLock = 0;
            }
        } else {
            this.outerLock = ts.outermostLock();
            this.innerLock = ts.innermostLock();
        }
        if (!this.set) {
            this.set = true;
        }
    }

    void copy(OwnerEvent other) {
        key = other.key;
        tid = other.tid;
        thread = other.thread;
        op = other.op;
        site = other.site;
        clock = other.clock;
        vc = other.vc;
        outerLock = other.outerLock;
        innerLock = other.innerLock;
        value = other.value;
        set = other.set;
    }

    /** A copy, for a thread other than the owner to read at leisure. */
    OwnerEvent copy() {
        OwnerEvent c = new OwnerEvent();
        c.copy(this);
        return c;
    }

    boolean isSet() {
        return set;
    }

    boolean sameAs(OwnerEvent other) {
        return set && other.set && site == other.site && clock == other.clock && op == other.op && key == other.key;
    }

    void clear() {
        set = false;
        key = null;
        vc = null;
        value = WrittenValue.UNKNOWN;
    }

    MapAccess toAccess(long seq) {
        return new MapAccess(tid, thread, op, site, clock, vc == null ? VectorClocks.EMPTY : vc, seq, outerLock, innerLock,
            value == WrittenValue.UNKNOWN ? value : WrittenValue.keep(value));
    }
}
