package io.racewatch.maps;

/** How a map tells its keys apart, which racewatch must follow to see "the same key". */
enum KeyMatch {
    /** hashCode and equals: HashMap, WeakHashMap, ConcurrentHashMap and most maps. */
    EQUALS,
    /** A sorted map compares keys and never calls their equals: JDK values by value, others by identity. */
    SORTED,
    /** {@code ==} and the identity hash, as IdentityHashMap does, even for equal strings. */
    IDENTITY
}
