package testprograms.lib;

import java.lang.invoke.VarHandle;

/**
 * A library's sequence number published with fences around a plain field, as LMAX Disruptor 4's
 * {@code Sequence} does: a release fence then a plain write to set, a plain read then an acquire
 * fence to get. Tests exclude {@code testprograms.lib.*}.
 */
public final class FencedSequence {
    private long value = -1;

    public void set(long v) {
        VarHandle.releaseFence();
        this.value = v;
    }

    public long get() {
        long v = this.value;
        VarHandle.acquireFence();
        return v;
    }

    public void awaitAtLeast(long v) {
        while (get() < v) {
            Thread.onSpinWait();
        }
    }
}
