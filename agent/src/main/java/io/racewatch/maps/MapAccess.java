package io.racewatch.maps;

import io.racewatch.runtime.Sites;

/**
 * One recorded map access: who, what, where, and the thread's happens-before clock at that
 * moment. {@code vc} is the thread's copy-on-write clock array, shared, never mutated.
 *
 * @param tid        clock slot of the accessing thread
 * @param thread     thread name at the time of the access
 * @param op         a {@link MapOps} constant
 * @param site       call-site id, see {@link Sites}
 * @param clock      the thread's own clock entry
 * @param vc         the thread's knowledge of other threads' clocks
 * @param seq        order of the access within its map (0 while the map had a single user)
 * @param outerLock  acquisition id of the outermost lock held, 0 if none
 * @param innerLock  acquisition id of the innermost lock held, 0 if none
 * @param value      for a write, what it stored, as {@link WrittenValue#keep} keeps it; for a read,
 *                   {@link WrittenValue#ABSENT} when it found the key absent; {@link WrittenValue#UNKNOWN} otherwise
 * @param stack      the access's own call path, captured when it was made (see {@link MapShadow}), or null when
 *                   only the first stack of its thread at its site is known
 */
public record MapAccess(int tid, String thread, byte op, int site, int clock, int[] vc, long seq,
                        long outerLock, long innerLock, Object value, String[] stack) implements Event {
    /** An access whose value is not known (a read, a map-wide write). */
    public MapAccess(int tid, String thread, byte op, int site, int clock, int[] vc, long seq, long outerLock, long innerLock) {
        this(tid, thread, op, site, clock, vc, seq, outerLock, innerLock, WrittenValue.UNKNOWN, null);
    }

    /** An access whose own call path was not captured. */
    public MapAccess(int tid, String thread, byte op, int site, int clock, int[] vc, long seq, long outerLock, long innerLock,
                     Object value) {
        this(tid, thread, op, site, clock, vc, seq, outerLock, innerLock, value, null);
    }
}
