package testprograms;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys and maps that throw from inside the map call. The program must see exactly the exception
 * the map (or the key) throws, as it would without the agent, and nothing else may change (the
 * test compares this program's output with and without the agent).
 * Then a lost update on a key whose toString throws: the agent must still write the finding.
 *
 * <p>Prints, one per line:
 * <pre>
 * put:hashCode-boom
 * get:hashCode-boom
 * containsKey:hashCode-boom
 * getOrDefault:hashCode-boom
 * remove:hashCode-boom
 * equals:equals-boom
 * same-key-get=1
 * treemap-not-comparable:ClassCastException
 * treemap-null:NullPointerException
 * chm-null-key:NullPointerException
 * chm-null-value:NullPointerException
 * reentrant-hash size=100 lookups=200
 * tostring-race=1
 * </pre>
 */
public final class HostileKeys {
    /** hashCode throws. */
    static final class ThrowingHash {
        @Override
        public int hashCode() {
            throw new IllegalStateException("hashCode-boom");
        }
    }

    /** All instances collide; equals throws for anything but itself. */
    static final class ThrowingEquals {
        @Override
        public int hashCode() {
            return 42;
        }

        @Override
        public boolean equals(Object other) {
            if (other == this) {
                return true;
            }
            throw new IllegalStateException("equals-boom");
        }
    }

    /** hashCode itself uses an (instrumented) map: a map call nested inside a map call. */
    static final class LookupHash {
        @Override
        public int hashCode() {
            lookups.merge("lookups", 1, Integer::sum);
            return lookups.getOrDefault("seed", 7);
        }

        @Override
        public boolean equals(Object other) {
            return other == this;
        }
    }

    /** toString throws: the agent renders keys for its reports and must survive this. */
    static final class ThrowingToString {
        @Override
        public String toString() {
            throw new IllegalStateException("toString-boom");
        }
    }

    private static final Map<String, Integer> lookups = new HashMap<>();
    private static final Map<Object, Integer> ledger = new HashMap<>();

    interface MapCall {
        void call() throws Exception;
    }

    private static void expectThrow(String label, MapCall call) {
        try {
            call.call();
            System.out.println(label + ":no exception");
        } catch (IllegalStateException e) {
            System.out.println(label + ":" + e.getMessage());
        } catch (Exception e) {
            System.out.println(label + ":" + e.getClass().getSimpleName());
        }
    }

    public static void main(String[] args) throws Exception {
        Map<Object, Integer> plain = new HashMap<>();
        plain.put("seed", 0); // so the table exists: a lookup in an empty HashMap never calls hashCode
        ThrowingHash bad = new ThrowingHash();
        expectThrow("put", () -> plain.put(bad, 1));
        expectThrow("get", () -> plain.get(bad));
        expectThrow("containsKey", () -> plain.containsKey(bad));
        expectThrow("getOrDefault", () -> plain.getOrDefault(bad, 0));
        expectThrow("remove", () -> plain.remove(bad));

        ThrowingEquals first = new ThrowingEquals();
        plain.put(first, 1);
        expectThrow("equals", () -> plain.put(new ThrowingEquals(), 2));
        System.out.println("same-key-get=" + plain.get(first));

        Map<Object, Integer> sorted = new TreeMap<>();
        expectThrow("treemap-not-comparable", () -> sorted.put(new Object(), 1));
        Map<String, Integer> sortedStrings = new TreeMap<>();
        expectThrow("treemap-null", () -> sortedStrings.put(null, 1));
        Map<String, Integer> concurrent = new ConcurrentHashMap<>();
        expectThrow("chm-null-key", () -> concurrent.put(null, 1));
        expectThrow("chm-null-value", () -> concurrent.put("k", null));

        Map<Object, String> nested = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            LookupHash key = new LookupHash();
            nested.put(key, "v"); // one hashCode call
            nested.get(key); // another
        }
        System.out.println("reentrant-hash size=" + nested.size() + " lookups=" + lookups.get("lookups"));

        // A lost update on a key whose toString throws (Handoff is excluded: no ordering the agent sees):
        // p: get, q: get, p: put, q: put.
        ThrowingToString key = new ThrowingToString();
        Handoff pRead = new Handoff();
        Handoff qRead = new Handoff();
        Handoff pWrote = new Handoff();
        Both.run("p", () -> {
            Integer v = ledger.get(key); // @read-p
            pRead.signal();
            qRead.await();
            ledger.put(key, v == null ? 1 : v + 1); // @write-p
            pWrote.signal();
        }, "q", () -> {
            pRead.await();
            Integer v = ledger.get(key); // @read-q
            qRead.signal();
            pWrote.await();
            ledger.put(key, v == null ? 1 : v + 1); // @write-q
        });
        System.out.println("tostring-race=" + ledger.get(key));
    }
}
