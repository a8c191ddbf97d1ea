package testprograms;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shape of commons-pool2's {@code GenericObjectPool.invalidateObject}: look the pooled object
 * up outside any lock, then, under the object's own monitor, check its state again and only then
 * destroy it (mark it invalid, remove it from the map). Two threads invalidate the same object,
 * one after the other through a hand-off racewatch cannot see. Args: the twin and the order.
 * <ul>
 *   <li>{@code clean}: state re-checked under {@code synchronized (p)}: only one thread removes.</li>
 *   <li>{@code racy}: the same with the monitor left out: both checks of the state can pass.</li>
 * </ul>
 * Orders: {@code after} (B looks up after A's remove and finds nothing), {@code between} (B looks
 * up between A's lookup and A's remove, finds the object and then sees it invalid).
 * Prints {@code <twin> <order> destroyed=<n>}.
 */
public final class RevalidatedRemove {
    static final class Pooled {
        boolean invalid;
    }

    private static final Map<String, Pooled> allObjects = new ConcurrentHashMap<>();
    private static int destroyed;

    public static void main(String[] args) throws InterruptedException {
        boolean racy = args[0].equals("racy");
        boolean between = args[1].equals("between");
        allObjects.put("conn", new Pooled());
        Handoff aLooked = new Handoff();
        Handoff bLooked = new Handoff();
        Handoff aDone = new Handoff();
        Both.run("invalidator-a", () -> {
            invalidateObject("conn", racy, () -> {
                aLooked.signal();
                if (between) {
                    bLooked.await();
                }
            });
            aDone.signal();
        }, "invalidator-b", () -> {
            if (between) {
                aLooked.await();
            } else {
                aDone.await();
            }
            invalidateObject("conn", racy, () -> {
                bLooked.signal();
                if (between) {
                    aDone.await();
                }
            });
        });
        System.out.println(args[0] + " " + args[1] + " destroyed=" + destroyed);
    }

    /**
     * Look up, then invalidate: the check and its act in one activation, as in invalidateObject
     * once its lookup helper is inlined (a lookup helper that returns before the act would not pair).
     */
    private static void invalidateObject(String key, boolean racy, Runnable afterLookup) {
        Pooled p = allObjects.get(key); // @lookup
        afterLookup.run();
        if (p != null) {
            invalidate(p, racy);
        }
    }

    private static void invalidate(Pooled p, boolean racy) {
        if (racy) {
            if (!p.invalid) {
                destroy(p);
            }
            return;
        }
        synchronized (p) {
            if (!p.invalid) {
                destroy(p);
            }
        }
    }

    private static void destroy(Pooled p) {
        p.invalid = true;
        destroyed++;
        allObjects.remove("conn"); // @destroy
    }
}
