package testprograms;

import testprograms.lib.Directory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checked code's get-then-put of key {@code k}, racy, while an unchecked library's
 * ConcurrentHashMap ({@code testprograms.lib.Directory}) is used by both threads on keys of their
 * own: the library's map orders a key's update before that key's retrieval, never one key before
 * another, nor checked code's maps. The threads take turns through an {@link Unseen} signal; each
 * writes its own key of the directory and the second reads its own back, so a directory ordered
 * per map (not per key) would hide the race. The first argument picks the checked map:
 * {@code concurrent} (a ConcurrentHashMap: checked code's own calls must not order through the
 * hooks inside the map either) or {@code hash} (a HashMap). Prints {@code <map> count=<n>}.
 */
public final class BesideLibraryMap {
    private static Map<String, Integer> counts;
    private static final Directory directory = new Directory();

    /** The read-modify-write both threads make. */
    static void bump() {
        Integer v = counts.get("k"); // @read
        counts.put("k", v == null ? 1 : v + 1); // @write
    }

    public static void main(String[] args) throws Exception {
        counts = args[0].equals("concurrent") ? new ConcurrentHashMap<>() : new HashMap<>();
        Ordered.inTurns(() -> {
            bump();
            directory.put("first", "a"); // keys "first" and "second" fall in different stripes of the map's vars
        }, () -> {
            directory.put("second", "b");
            directory.awaitByGet("second");
            bump();
        });
        System.out.println(args[0] + " count=" + counts.get("k"));
    }
}
