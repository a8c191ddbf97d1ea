package testprograms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps reached through a method, each bumped with get-then-put by two workers in turn (through a
 * hand-off racewatch cannot see): one through a getter that returns a field of another object
 * ({@code counts()} returns {@code holder.counts}), one through a method that returns something
 * other than a field ({@code table()} looks it up in a list). Reports must name the first by its
 * field, {@code Holder.counts}, and the second by its method, {@code MapNames.table()}.
 */
public final class MapNames {
    static final class Holder {
        final Map<String, Integer> counts = new HashMap<>();
    }

    private static final Holder holder = new Holder();
    private static final List<Map<String, Integer>> tables = new ArrayList<>(List.of(new HashMap<>()));

    private static Map<String, Integer> counts() {
        return holder.counts;
    }

    private static Map<String, Integer> table() {
        return tables.get(0);
    }

    public static void main(String[] args) throws InterruptedException {
        Handoff aDone = new Handoff();
        Both.run("worker-a", () -> {
            bump();
            aDone.signal();
        }, "worker-b", () -> {
            aDone.await();
            bump();
        });
        System.out.println("counts=" + counts().get("k") + " table=" + table().get("k"));
    }

    private static void bump() {
        Integer c = counts().get("k"); // @counts-read
        counts().put("k", c == null ? 1 : c + 1); // @counts-write
        Integer t = table().get("k"); // @table-read
        table().put("k", t == null ? 1 : t + 1); // @table-write
    }
}
