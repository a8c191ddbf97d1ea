package testprograms.severity;

import testprograms.Handoff;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A check-then-create on a ConcurrentHashMap, both threads creating: A checks, B checks, A
 * creates and puts, B creates and puts over it. With {@code equal} each creates an equal string
 * (a duplicate computation: nothing is lost); with {@code lock} each creates its own lock, and the
 * two threads go on to lock different objects for one key (the lock-registry bug).
 */
public final class CreatedTwice {
    private static final Map<String, Object> registry = new ConcurrentHashMap<>();

    public static void main(String[] args) throws InterruptedException {
        boolean locks = args.length > 0 && args[0].equals("lock");
        Handoff aChecked = new Handoff();
        Handoff bChecked = new Handoff();
        Handoff aPut = new Handoff();
        Object[] held = new Object[2];
        Thread a = new Thread(() -> held[0] = obtain("order-7", locks, null, aChecked, bChecked, aPut), "creator-a");
        Thread b = new Thread(() -> held[1] = obtain("order-7", locks, aChecked, bChecked, aPut, null), "creator-b");
        a.start();
        b.start();
        a.join();
        b.join();
        System.out.println("same=" + (held[0] == held[1]) + " equal=" + held[0].equals(held[1]));
    }

    /** Check, then create and put, in one method; the gates (null: none) force the interleaving unseen. */
    private static Object obtain(String key, boolean locks, Handoff waitToCheck, Handoff checked, Handoff waitToCreate, Handoff created) {
        if (waitToCheck != null) {
            waitToCheck.await();
        }
        Object v = registry.get(key); // @check
        checked.signal();
        if (v == null) {
            waitToCreate.await();
            v = locks ? new ReentrantLock() : new String("lock-for-" + key);
            registry.put(key, v); // @create
        }
        if (created != null) {
            created.signal();
        }
        return v;
    }
}
