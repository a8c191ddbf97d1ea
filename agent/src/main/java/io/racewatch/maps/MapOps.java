package io.racewatch.maps;

/** The map operations racewatch records, by what they do to a key. */
public final class MapOps {
    public static final byte GET = 0;
    public static final byte CONTAINS_KEY = 1;
    public static final byte GET_OR_DEFAULT = 2;
    public static final byte PUT = 3;
    public static final byte REMOVE = 4;
    public static final byte CLEAR = 5;
    public static final byte PUT_ALL = 6;
    public static final byte PUT_IF_ABSENT = 7;
    public static final byte COMPUTE_IF_ABSENT = 8;
    public static final byte COMPUTE_IF_PRESENT = 9;
    public static final byte COMPUTE = 10;
    public static final byte MERGE = 11;
    public static final byte REPLACE = 12;
    public static final byte REMOVE_IF_EQUAL = 13;
    public static final byte REPLACE_IF_EQUAL = 14;

    private static final String[] NAMES = {
        "get", "containsKey", "getOrDefault", "put", "remove", "clear", "putAll", "putIfAbsent",
        "computeIfAbsent", "computeIfPresent", "compute", "merge", "replace", "remove", "replace",
    };

    private MapOps() {
    }

    public static String name(byte op) {
        return NAMES[op];
    }

    /** Reads a key without changing it. */
    public static boolean isRead(byte op) {
        return op <= GET_OR_DEFAULT;
    }

    /** Writes a key unconditionally: the second half of a read-modify-write. */
    public static boolean isPlainWrite(byte op) {
        return op == PUT || op == REMOVE;
    }

    /** Changes the whole map rather than one key. */
    public static boolean isMapWide(byte op) {
        return op == CLEAR || op == PUT_ALL;
    }

    /** Reads and writes a key in one call: atomic on a concurrent map, not on a HashMap. */
    public static boolean isAtomic(byte op) {
        return op >= PUT_IF_ABSENT;
    }
}
