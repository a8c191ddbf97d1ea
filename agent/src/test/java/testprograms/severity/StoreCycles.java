package testprograms.severity;

import testprograms.Handoff;

import java.util.HashMap;
import java.util.Map;

/**
 * A store that checks a key in one cycle and writes it in the next, each cycle in its own critical
 * section of one lock, while another thread writes the key between the cycles (the shape of H2
 * MVStore's store cycles). With {@code cycles} the check and the write are two operations (the
 * checking method has returned): no read-modify-write. With {@code one} the same check and write
 * sit in one method that drops the lock between them: a check-then-act, a lost update.
 */
public final class StoreCycles {
    private static final Map<String, Integer> chunks = new HashMap<>();
    private static final Object lock = new Object();
    private static boolean seen;

    public static void main(String[] args) throws InterruptedException {
        boolean oneOperation = args.length > 0 && args[0].equals("one");
        Handoff checked = new Handoff();
        Handoff otherWrote = new Handoff();
        Thread store = new Thread(() -> {
            if (oneOperation) {
                checkThenWrite(checked, otherWrote);
            } else {
                check();
                checked.signal();
                otherWrote.await();
                write();
            }
        }, "store");
        Thread writer = new Thread(() -> {
            checked.await();
            synchronized (lock) {
                chunks.put("chunk-1", 2); // @other-put
            }
            otherWrote.signal();
        }, "writer");
        store.start();
        writer.start();
        store.join();
        writer.join();
        System.out.println("chunk-1=" + chunks.get("chunk-1"));
    }

    /** One store cycle: remember whether the chunk is known. */
    private static void check() {
        synchronized (lock) {
            seen = chunks.containsKey("chunk-1"); // @cycle-check
        }
    }

    /** The next store cycle: write the chunk whatever the last cycle saw. */
    private static void write() {
        synchronized (lock) {
            chunks.put("chunk-1", 1); // @cycle-write
        }
    }

    /** Check and write in one operation, the lock dropped in between: the other put is lost. */
    private static void checkThenWrite(Handoff checked, Handoff otherWrote) {
        boolean known;
        synchronized (lock) {
            known = chunks.containsKey("chunk-1"); // @one-check
        }
        checked.signal();
        otherWrote.await();
        if (!known) {
            synchronized (lock) {
                chunks.put("chunk-1", 1); // @one-write
            }
        }
    }
}
