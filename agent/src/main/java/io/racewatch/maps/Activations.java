package io.racewatch.maps;

import io.racewatch.runtime.Site;
import io.racewatch.runtime.Sites;

/**
 * Whether a read and a later write by one thread belong to one operation: a check-then-act is
 * one, so the method that made the read must still be running when the write is made. A read in
 * one call and a write in a later call (two cycles of a loop, each in its own critical section)
 * are two operations and never pair.
 *
 * <p>Cheap by construction: a read and a write in the same method are taken as one activation
 * without looking further (the common check-then-act); only a write in another method walks the
 * writing thread's stack, once per candidate pair, looking for the reading method's frame.
 * Known limit: a method that reads in one call and writes in a later call of itself, with no
 * other method in between, is still paired.
 */
public final class Activations {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private Activations() {
    }

    /** True when the method of {@code readSite} is on the current thread's stack (it is making the write at {@code writeSite}). */
    public static boolean readStillRunning(int readSite, int writeSite) {
        Site read = Sites.get(readSite);
        Site write = Sites.get(writeSite);
        if (read.className.equals(write.className) && read.method.equals(write.method)) {
            return true;
        }
        return WALKER.walk(frames -> frames.anyMatch(f -> f.getMethodName().equals(read.method) && f.getClassName().equals(read.className)));
    }
}
