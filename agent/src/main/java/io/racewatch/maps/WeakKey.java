package io.racewatch.maps;

import java.lang.ref.WeakReference;

/**
 * A key of a weak-keyed map as racewatch keeps it: weakly, so that racewatch never keeps an
 * entry of the application's map alive. A type of its own, so that it is never mistaken for an
 * application key that happens to be a WeakReference.
 */
final class WeakKey extends WeakReference<Object> {
    WeakKey(Object key) {
        super(key);
    }

    /** The key itself, unwrapped when racewatch held it weakly; null when collected (or the null key). */
    static Object unwrap(Object held) {
        return held instanceof WeakKey w ? w.get() : held;
    }

    /** True when {@code held} was a weakly held key whose object has been collected. */
    static boolean collected(Object held) {
        return held instanceof WeakKey w && w.refersTo(null);
    }
}
