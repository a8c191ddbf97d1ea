package testprograms.lib;

import java.util.concurrent.Exchanger;

/** A library's rendezvous of two threads through an Exchanger. Tests exclude {@code testprograms.lib.*}. */
public final class Swap<T> {
    private final Exchanger<T> exchanger = new Exchanger<>();

    public T swap(T mine) {
        try {
            return exchanger.exchange(mine);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
