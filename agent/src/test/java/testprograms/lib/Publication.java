package testprograms.lib;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A library's safe publication through an AtomicReference: one side sets, the other spins until
 * it sees the value. Tests exclude {@code testprograms.lib.*}.
 */
public final class Publication<T> {
    private final AtomicReference<T> value = new AtomicReference<>();

    public void publish(T v) {
        value.set(v);
    }

    public T await() {
        T v;
        while ((v = value.get()) == null) {
            Thread.onSpinWait();
        }
        return v;
    }
}
