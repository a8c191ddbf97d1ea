package testprograms.lib;

import java.util.ArrayDeque;

/**
 * A library's own blocking queue, made of synchronized methods, wait and notifyAll. Tests
 * exclude {@code testprograms.lib.*}: its monitors must still order what the application does
 * around a put and a take.
 */
public final class Mailbox<T> {
    private final ArrayDeque<T> items = new ArrayDeque<>();

    public synchronized void put(T item) {
        items.add(item);
        notifyAll();
    }

    public synchronized T take() throws InterruptedException {
        while (items.isEmpty()) {
            wait();
        }
        return items.poll();
    }
}
