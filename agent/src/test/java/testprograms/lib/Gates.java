package testprograms.lib;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * A library's gates on volatile fields changed through field updaters (as Netty and Reactor do
 * to save an object per field): one opened by an int updater's compare-and-set, one by a
 * reference updater's set; a waiter polls with the updater's get. Tests exclude
 * {@code testprograms.lib.*}.
 */
public final class Gates {
    private static final AtomicIntegerFieldUpdater<Gates> STATE = AtomicIntegerFieldUpdater.newUpdater(Gates.class, "state");
    private static final AtomicReferenceFieldUpdater<Gates, String> OWNER =
        AtomicReferenceFieldUpdater.newUpdater(Gates.class, String.class, "owner");

    private volatile int state;
    private volatile String owner;

    public void open() {
        STATE.compareAndSet(this, 0, 1);
    }

    public void awaitOpen() {
        while (STATE.get(this) == 0) {
            Thread.onSpinWait();
        }
    }

    public void claim(String by) {
        OWNER.set(this, by);
    }

    public String awaitClaimed() {
        String o;
        while ((o = OWNER.get(this)) == null) {
            Thread.onSpinWait();
        }
        return o;
    }
}
