package testprograms;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Method references to a map's methods in the shapes javac compiles differently, each used for a
 * check-then-create by two threads taking turns through {@link Handoff} (unseen): worker-a
 * creates the entry, worker-b makes the same check after it.
 *
 * <ul>
 *   <li>{@code this-refs}: {@code this::get}, {@code this::put} in a map subclass: an
 *       invokedynamic whose handle names the map's method, bridged like {@code cache::get};</li>
 *   <li>{@code super-refs}: {@code super::get}, {@code super::put}: javac makes each a synthetic
 *       method that calls the superclass's method with {@code invokespecial}, a call racewatch
 *       leaves alone (as it leaves {@code super.get(k)}): not checked;</li>
 *   <li>{@code serializable}: serializable references ({@code (Getter) ConcurrentHashMap::get}) are
 *       left as compiled, so that they deserialize in any JVM, with or without the agent; each makes
 *       a serialization round trip here: not checked.</li>
 * </ul>
 * Prints {@code <mode> created=<n> value=<v>}.
 */
public final class RefShapes {
    private static final ConcurrentHashMap<String, Integer> cache = new ConcurrentHashMap<>();

    /** A registry that is its own map. */
    static final class Registry extends ConcurrentHashMap<String, Integer> {
        int created;

        Integer viaThis(String key) {
            return getOrCreate(this::get, this::put, key); // @this-refs
        }

        Integer viaSuper(String key) {
            return getOrCreate(super::get, super::put, key); // @super-refs
        }

        private Integer getOrCreate(Function<String, Integer> get, BiFunction<String, Integer, Integer> put, String key) {
            Integer v = get.apply(key);
            if (v == null) {
                created++;
                v = 42;
                put.apply(key, v);
            }
            return v;
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Registry registry = new Registry();
        int[] created = new int[1];
        Function<String, Integer> work = switch (mode) {
            case "this-refs" -> registry::viaThis;
            case "super-refs" -> registry::viaSuper;
            case "serializable" -> serializableWork(created);
            default -> throw new IllegalArgumentException(mode);
        };
        Handoff aDone = new Handoff();
        Integer[] seen = new Integer[2];
        Both.run("worker-a", () -> {
            seen[0] = work.apply("config");
            aDone.signal();
        }, "worker-b", () -> {
            aDone.await();
            seen[1] = work.apply("config");
        });
        System.out.println(mode + " created=" + (registry.created + created[0]) + " value=" + seen[1]);
    }

    /** {@code ConcurrentHashMap::get}, unbound: the map is an argument, so the round trip copies no map. */
    interface Getter extends Serializable {
        Integer get(ConcurrentHashMap<String, Integer> map, String key);
    }

    /** {@code ConcurrentHashMap::put}, unbound. */
    interface Putter extends Serializable {
        Integer put(ConcurrentHashMap<String, Integer> map, String key, Integer value);
    }

    /** A check-then-create through serializable references to the cache's methods, each deserialized from its own bytes first. */
    private static Function<String, Integer> serializableWork(int[] created) throws IOException, ClassNotFoundException {
        Getter get = roundTrip((Getter) ConcurrentHashMap::get); // @serializable-get
        Putter put = roundTrip((Putter) ConcurrentHashMap::put); // @serializable-put
        return key -> {
            Integer v = get.get(cache, key);
            if (v == null) {
                created[0]++;
                v = 42;
                put.put(cache, key, v);
            }
            return v;
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T reference) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(reference);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
