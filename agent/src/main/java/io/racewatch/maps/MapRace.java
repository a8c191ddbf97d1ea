package io.racewatch.maps;

import java.util.List;

/**
 * A race found on a map, before it is turned into a report {@code Finding}: the accesses
 * involved, the interleaving around them, and whether it was seen or predicted.
 *
 * @param kind     {@code map-rmw} or {@code map-unsafe}
 * @param key      the key's text, null for map-wide races
 * @param accesses for map-rmw: the read, the write, the other thread's write; for map-unsafe:
 *                 the write, the other thread's write. The last access of the current thread
 *                 comes first or second, see {@code current}
 * @param current  index in {@code accesses} of the access being made now (its stack is live)
 * @param observed true when the other write really landed between the read and the write
 * @param history  the resource's recent events, oldest first
 */
public record MapRace(String kind, String key, List<MapAccess> accesses, int current, boolean observed,
                      List<MapAccess> history) {
    /** Made under the key's lock and reported after it: keeps copies, which no later renewal of an access changes. */
    public MapRace {
        accesses = accesses.stream().map(MapAccess::copy).toList();
    }
}
