package testprograms.lib;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * A library's hand-over of one item through one of the JDK's queues that are not built on
 * locks: a ConcurrentLinkedQueue or ConcurrentLinkedDeque polled in a spin, a
 * LinkedTransferQueue's transfer, a SynchronousQueue's put, each taken by the other side.
 * Tests exclude {@code testprograms.lib.*}.
 */
public abstract class Relay<T> {
    public abstract void send(T item);

    public abstract T receive();

    public static <T> Relay<T> linkedQueue() {
        ConcurrentLinkedQueue<T> q = new ConcurrentLinkedQueue<>();
        return new Relay<>() {
            public void send(T item) {
                q.offer(item);
            }

            public T receive() {
                T t;
                while ((t = q.poll()) == null) {
                    Thread.onSpinWait();
                }
                return t;
            }
        };
    }

    public static <T> Relay<T> linkedDeque() {
        ConcurrentLinkedDeque<T> q = new ConcurrentLinkedDeque<>();
        return new Relay<>() {
            public void send(T item) {
                q.push(item);
            }

            public T receive() {
                T t;
                while ((t = q.pollLast()) == null) {
                    Thread.onSpinWait();
                }
                return t;
            }
        };
    }

    public static <T> Relay<T> transferQueue() {
        LinkedTransferQueue<T> q = new LinkedTransferQueue<>();
        return new Relay<>() {
            public void send(T item) {
                try {
                    q.transfer(item);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }

            public T receive() {
                try {
                    return q.take();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    public static <T> Relay<T> synchronousQueue() {
        SynchronousQueue<T> q = new SynchronousQueue<>();
        return new Relay<>() {
            public void send(T item) {
                try {
                    q.put(item);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }

            public T receive() {
                try {
                    return q.take();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
