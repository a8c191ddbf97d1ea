package io.racewatch.maps;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Methods without arguments that return a map (getters, and the synthetic {@code access$000}
 * accessors javac writes for a nested class's private field), so that a map reached through
 * one is named by the field it lives in, as a person would name it. Filled as classes are
 * rewritten (a getter whose every return is a field read: {@code ClassHelperCache.classCache});
 * asked only when a finding names its map. A getter that returns anything else names the map itself
 * ({@code WrapDynaClass.getClassesCache()}).
 */
public final class MapGetters {
    /** A getter's name as call sites write it ({@code Owner.method()}) to the field it returns. */
    private static final ConcurrentHashMap<String, String> FIELDS = new ConcurrentHashMap<>();
    private static final int MAX = 100_000;

    private MapGetters() {
    }

    /** The name a call site gives the map a getter returns: {@code Owner.method()}. */
    public static String getterName(String owner, String method) {
        return owner + "." + method + "()";
    }

    /** Notes that the getter {@code getterName} returns the field {@code field} (bounded: past the cap, getters name maps themselves). */
    public static void returnsField(String getterName, String field) {
        if (FIELDS.size() < MAX) {
            FIELDS.put(getterName, field);
        }
    }

    /** The field behind {@code name} when it is a getter known to return one, else {@code name}. */
    static String resolve(String name) {
        if (name == null || !name.endsWith("()")) {
            return name;
        }
        String field = FIELDS.get(name);
        return field != null ? field : name;
    }
}
