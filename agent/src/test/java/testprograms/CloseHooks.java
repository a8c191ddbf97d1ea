package testprograms;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * Vert.x's shape of a closeable resource (its CloseFuture and NetClient): a client registers
 * itself as a key in its owner's plain HashMap of close hooks, the owner as the value, and the
 * client holds the owner. Once the program drops the client, client, owner and map are garbage
 * together; under the agent as without it (VertxTest#testFinalizeNetClient waits for its client to
 * be collected, and failed while racewatch's shadow of the map, found through a weak hold on the
 * map, held the map's last key and value strongly). Once with the map used by one thread (its
 * owner's events), once with it shared by two (its key table), both before the program takes any
 * lock (racewatch's watchdog, which clears the threads' caches of the map they used last, must run
 * all the same), then with the hooks added under the owner's monitor, as Vert.x does.
 */
public final class CloseHooks {
    /** The owner of close hooks: a map from each hook to this owner. */
    static final class Owner {
        private final Map<Object, Owner> hooks = new HashMap<>();
        private final boolean locked;

        Owner(boolean locked) {
            this.locked = locked;
        }

        void add(Object hook) {
            if (locked) {
                synchronized (this) {
                    hooks.put(hook, this);
                }
            } else {
                hooks.put(hook, this);
            }
        }

        Owner get(Object hook) {
            return hooks.get(hook);
        }
    }

    /** A resource that closes with its owner. */
    static final class Client {
        final Owner owner;

        Client(Owner owner) {
            this.owner = owner;
            owner.add(this);
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println("owner-mode client collected=" + collected(make(false, false)));
        System.out.println("shared client collected=" + collected(make(true, false)));
        System.out.println("locked client collected=" + collected(make(false, true)));
    }

    /** A client and its owner, reachable only through the weak reference returned. */
    private static WeakReference<Client> make(boolean shared, boolean locked) throws InterruptedException {
        Client client = new Client(new Owner(locked));
        if (shared) {
            // Two threads read the map, unordered with each other: it turns shared.
            Thread a = new Thread(() -> client.owner.get(client));
            Thread b = new Thread(() -> client.owner.get(client));
            a.start();
            b.start();
            a.join();
            b.join();
        }
        return new WeakReference<>(client, QUEUE);
    }

    private static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();

    /**
     * Collects until the client's reference is enqueued, or at most ten seconds (racewatch's caches
     * let go every half second): each round waits for the collector to enqueue it, not for a time.
     */
    private static boolean collected(WeakReference<Client> ref) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            System.gc();
            if (QUEUE.remove(10) == ref) {
                return true;
            }
        }
        return ref.get() == null;
    }
}
