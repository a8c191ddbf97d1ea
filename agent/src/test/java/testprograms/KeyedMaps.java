package testprograms;

import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A check-then-create on a weak or identity map, the shape of commons-beanutils 1.9.4's
 * {@code WrapDynaClass.createDynaClass}: get, and on null build and put. Args: the map
 * ({@code weak}, {@code identity}, {@code synchronized-weak}, {@code synchronized-identity},
 * {@code synchronized-hash}) and
 * the twin:
 * <ul>
 *   <li>{@code racy}: worker A checks and creates; then (through a hand-off racewatch cannot see)
 *       worker B makes the same check with an equal key and finds the value. Run the other way
 *       round, both would create.</li>
 *   <li>{@code clean}: the same, each check-then-create under one lock.</li>
 *   <li>{@code other-key}: as racy, but B's key is an equal string of another identity, which an
 *       identity map holds as another key (no race), and any other map as the same key.</li>
 * </ul>
 * Prints {@code <map> created=<n> collected=<true|false>}: whether the key could be collected
 * once the program dropped it (a weak map must lose its entry; racewatch must not keep it alive).
 */
public final class KeyedMaps {
    private static final Object LOCK = new Object();
    private static Map<Object, Object> cache;
    private static int created;

    public static void main(String[] args) throws InterruptedException {
        String kind = args[0];
        String twin = args[1];
        cache = switch (kind) {
            case "weak" -> new WeakHashMap<>();
            case "identity" -> new IdentityHashMap<>();
            case "synchronized-weak" -> Collections.synchronizedMap(new WeakHashMap<>());
            case "synchronized-identity" -> Collections.synchronizedMap(new IdentityHashMap<>());
            case "synchronized-hash" -> Collections.synchronizedMap(new java.util.HashMap<>());
            default -> throw new IllegalArgumentException(kind);
        };
        Object[] key = {new String("bean")};
        Object[] otherKey = {twin.equals("other-key") ? new String("bean") : key[0]};
        Handoff aDone = new Handoff();
        Both.run("worker-a", () -> {
            lookup(key[0], twin);
            aDone.signal();
        }, "worker-b", () -> {
            aDone.await();
            lookup(otherKey[0], twin);
        });
        boolean collected = false;
        if (kind.endsWith("weak")) {
            // Our own weak reference is cleared by the collection itself; the map's entry leaves only
            // once the JVM's reference handler thread has queued it, which may lag on a busy machine.
            WeakReference<Object> probe = new WeakReference<>(key[0]);
            key[0] = null;
            otherKey[0] = null;
            for (int i = 0; i < 50 && !collected; i++) {
                System.gc();
                collected = probe.get() == null;
            }
        }
        System.out.println(kind + " created=" + created + " collected=" + collected);
    }

    private static void lookup(Object key, String twin) {
        if (twin.equals("clean")) {
            synchronized (LOCK) {
                create(key);
            }
        } else {
            create(key);
        }
    }

    private static void create(Object key) {
        Object value = cache.get(key); // @check
        if (value == null) {
            created++;
            cache.put(key, new Object()); // @create
        }
    }
}
