package testprograms.lib;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A library's single-assignment slots in an AtomicReferenceArray: a writer fills a slot, a
 * reader spins until it is filled. Tests exclude {@code testprograms.lib.*}.
 */
public final class Slots<T> {
    private final AtomicReferenceArray<T> slots = new AtomicReferenceArray<>(4);

    public void fill(int i, T value) {
        slots.set(i, value);
    }

    public T awaitFilled(int i) {
        T v;
        while ((v = slots.get(i)) == null) {
            Thread.onSpinWait();
        }
        return v;
    }
}
