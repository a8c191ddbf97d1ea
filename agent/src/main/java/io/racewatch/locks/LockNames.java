package io.racewatch.locks;

import io.racewatch.runtime.Site;
import io.racewatch.runtime.Sites;

/**
 * The name, statistics row and lock-order node of a lock first acquired at a site, kept per site
 * and lock class: a site that takes a new lock on most calls (a cache's per-entry monitor, a
 * node locked once before it is evicted) names each one as it named the last, without building
 * the name and its two look-up keys again. What a site gives is fixed by the site and the lock's
 * class (a {@code Class} lock, named after itself, is not kept), and the rows and nodes are never
 * dropped, so a kept answer is the one the look-ups would give.
 *
 * <p>One slot per site id modulo {@link #SLOTS}, read and written without a lock: an entry is
 * immutable (final fields, safely published), and two sites sharing a slot only replace each other.
 * Holds the class's name, not the class: no class loader is kept alive.
 */
final class LockNames {
    private static final int SLOTS = 1 << 10;

    record Named(int site, String lockClass, String name, LockStats stats, OrderNode node) {
    }

    private static final Named[] BY_SITE = new Named[SLOTS];

    private LockNames() {
    }

    /** How {@code lock}, first acquired at {@code site}, is named and counted. */
    static Named of(Object lock, int site) {
        String lockClass = lock.getClass().getName();
        if (lock instanceof Class) {
            return named(site, lockClass, lockName(lock, Sites.get(site)));
        }
        int slot = site & (SLOTS - 1);
        Named kept = BY_SITE[slot];
        if (kept != null && kept.site == site && kept.lockClass.equals(lockClass)) {
            return kept;
        }
        Named made = named(site, lockClass, lockName(lock, Sites.get(site)));
        BY_SITE[slot] = made;
        return made;
    }

    private static Named named(int site, String lockClass, String name) {
        return new Named(site, lockClass, name, LockStats.named(name, lockClass), OrderNode.named(name, lockClass));
    }

    /** The field the site takes the lock from, the class of a class lock, or else the site. */
    private static String lockName(Object lock, Site site) {
        if (site.receiverField != null) {
            return site.receiverField;
        }
        if (lock instanceof Class) {
            return ((Class<?>) lock).getSimpleName() + ".class";
        }
        return "lock at " + site.shortForm();
    }
}
