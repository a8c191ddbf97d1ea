package io.racewatch.maps;

/**
 * The latest event of each of the last few threads, in a fixed array: a new thread's event
 * evicts the oldest one. Enough to find a conflicting access without unbounded per-thread state.
 *
 * <p>The array is made when a second thread's event comes: until then the one thread's event is
 * kept in a field. Past the key cap a cache's map makes a key state on most accesses, most of them
 * seen by one thread once, and the array was a fifth of what such a key allocated. Written under
 * its owner's lock; read racily where the owner says so, where a stale answer is only a miss. The
 * first event stays in its field once the array holds it (clearing it could make a racy reader
 * miss the event while it moves): in array mode the field is not read.
 */
public final class RecentByThread<E extends Event> {
    private final int size;
    /** The one thread's event while {@link #slots} is null. */
    private Event only;
    /** Made at a second thread's event (when more than one slot is kept); never null again once set. */
    private Event[] slots;

    RecentByThread(int size) {
        this.size = size;
        if (size == 0) {
            slots = new Event[0]; // keeps nothing: an empty placeholder
        }
    }

    void put(E e) {
        Event[] s = slots;
        if (s == null) {
            Event o = only;
            if (o == null || o.tid() == e.tid() || size == 1) {
                if (o != e) { // a loop puts the event it renewed in place: no store, no GC barrier
                    only = e;
                }
                return;
            }
            s = new Event[size];
            s[0] = o;
            s[1] = e;
            slots = s;
            return;
        }
        int victim = 0;
        for (int i = 0; i < s.length; i++) {
            Event x = s[i];
            if (x == null || x.tid() == e.tid()) {
                if (x != e) {
                    s[i] = e;
                }
                return;
            }
            if (x.seq() < s[victim].seq()) {
                victim = i;
            }
        }
        s[victim] = e;
    }

    @SuppressWarnings("unchecked")
    E take(int tid) {
        Event[] s = slots;
        if (s == null) {
            Event o = only;
            if (o != null && o.tid() == tid) {
                only = null;
                return (E) o;
            }
            return null;
        }
        for (int i = 0; i < s.length; i++) {
            if (s[i] != null && s[i].tid() == tid) {
                E e = (E) s[i];
                s[i] = null;
                return e;
            }
        }
        return null;
    }

    /** The thread's event, left in place; null if none. Racy outside the owner's lock: a stale answer is only a miss. */
    @SuppressWarnings("unchecked")
    E peek(int tid) {
        Event o = only; // read before the array: the event it holds is the array's first once that is made
        Event[] s = slots;
        if (s == null) {
            return o != null && o.tid() == tid ? (E) o : null;
        }
        for (int i = 0; i < s.length; i++) {
            Event x = s[i];
            if (x != null && x.tid() == tid) {
                return (E) x;
            }
        }
        return null;
    }

    /** The event in slot {@code i} (below {@link #size()}), or null. */
    @SuppressWarnings("unchecked")
    public E get(int i) {
        Event o = only;
        Event[] s = slots;
        return (E) (s != null ? s[i] : i == 0 ? o : null);
    }

    /** The slots to look through with {@link #get}: one until a second thread's event, then all. */
    public int size() {
        Event[] s = slots;
        return s != null ? s.length : Math.min(size, 1);
    }

    /** Whether the array has been made (a second thread's event came); for tests. */
    boolean hasSlots() {
        return slots != null && size > 0;
    }
}
