package io.racewatch.maps;

/**
 * The latest event of each of the last few threads, in a fixed array: a new thread's event
 * evicts the oldest one. Enough to find a conflicting access without unbounded per-thread state.
 */
public final class RecentByThread<E extends Event> {
    private final Event[] slots;

    RecentByThread(int size) {
        slots = new Event[size];
    }

    void put(E e) {
        int victim = 0;
        for (int i = 0; i < slots.length; i++) {
            Event s = slots[i];
            if (s == null || s.tid() == e.tid()) {
                if (s != e) { // a loop puts the event it renewed in place: no store, no GC barrier
                    slots[i] = e;
                }
                return;
            }
            if (s.seq() < slots[victim].seq()) {
                victim = i;
            }
        }
        slots[victim] = e;
    }

    @SuppressWarnings("unchecked")
    E take(int tid) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null && slots[i].tid() == tid) {
                E e = (E) slots[i];
                slots[i] = null;
                return e;
            }
        }
        return null;
    }

    /** The thread's event, left in place; null if none. Racy outside the owner's lock: a stale answer is only a miss. */
    @SuppressWarnings("unchecked")
    E peek(int tid) {
        for (int i = 0; i < slots.length; i++) {
            Event s = slots[i];
            if (s != null && s.tid() == tid) {
                return (E) s;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    public E get(int i) {
        return (E) slots[i];
    }

    public int size() {
        return slots.length;
    }
}
