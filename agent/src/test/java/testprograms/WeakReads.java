package testprograms;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * A WeakHashMap read by one thread while another puts: every read of a WeakHashMap first
 * expunges the entries whose keys were collected, a write of its table, so a get unordered with
 * another thread's put can lose the put. Turns are taken through {@link Handoff} (unseen).
 *
 * <ul>
 *   <li>{@code get-then-put}, {@code put-then-get}: racy, in both orders;</li>
 *   <li>{@code reads-only}: filled by main, then two threads only read: clean (the map orders its
 *       expunges with a lock of its own);</li>
 *   <li>{@code locked}: the get and the put hold one lock: clean.</li>
 * </ul>
 */
public final class WeakReads {
    private static final Map<String, String> names = new WeakHashMap<>();
    private static final Object lock = new Object();
    private static final String A = new String("a");
    private static final String B = new String("b");

    public static void main(String[] args) throws InterruptedException {
        String mode = args[0];
        names.put(A, "first"); // @fill
        Handoff first = new Handoff();
        boolean putFirst = mode.equals("put-then-get");
        boolean locked = mode.equals("locked");
        boolean readsOnly = mode.equals("reads-only");
        Both.run("reader", () -> {
            if (putFirst) {
                first.await();
            }
            String v = locked ? lockedGet() : names.get(A); // @get
            if (!putFirst) {
                first.signal();
            }
            if (v == null) {
                throw new IllegalStateException("a is held strongly");
            }
        }, "writer", () -> {
            if (!putFirst) {
                first.await();
            }
            if (readsOnly) {
                names.get(A); // @other-get
            } else if (locked) {
                lockedPut();
            } else {
                names.put(B, "second"); // @put
            }
            if (putFirst) {
                first.signal();
            }
        });
        System.out.println(mode + " size=" + names.size());
    }

    private static String lockedGet() {
        synchronized (lock) {
            return names.get(A); // @locked-get
        }
    }

    private static void lockedPut() {
        synchronized (lock) {
            names.put(B, "second"); // @locked-put
        }
    }
}
