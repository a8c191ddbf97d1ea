package io.racewatch.order;

/**
 * Operations on vector clocks stored as plain {@code int[]} indexed by thread slot.
 *
 * <p>Clock arrays handed out by a thread are never mutated afterwards (copy-on-write), so an
 * access event can keep a reference to its thread's clock instead of copying it: that is what
 * makes a happens-before snapshot free on the hot path.
 */
public final class VectorClocks {
    public static final int[] EMPTY = new int[0];

    private VectorClocks() {
    }

    /** The entry for {@code tid}, zero where the clock has never heard of that thread. */
    public static int get(int[] vc, int tid) {
        return tid < vc.length ? vc[tid] : 0;
    }

    /** True when every entry of {@code other} is already covered by {@code vc}. */
    public static boolean covers(int[] vc, int[] other) {
        for (int i = 0; i < other.length; i++) {
            if (other[i] > get(vc, i)) {
                return false;
            }
        }
        return true;
    }

    /** Entry-wise maximum; returns {@code vc} itself when nothing grows (no allocation). */
    public static int[] join(int[] vc, int[] other) {
        if (covers(vc, other)) {
            return vc;
        }
        int[] out = new int[Math.max(vc.length, other.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(get(vc, i), get(other, i));
        }
        return out;
    }

    /**
     * Joins {@code other}, and {@code value} at {@code tid}, into {@code owned}, which no one else
     * holds; returns it, or a larger copy when it was too short.
     */
    static int[] joinInPlace(int[] owned, int[] other, int tid, int value) {
        int length = Math.max(Math.max(owned.length, other.length), tid + 1);
        int[] out = length == owned.length ? owned : java.util.Arrays.copyOf(owned, length);
        for (int i = 0; i < other.length; i++) {
            if (other[i] > out[i]) {
                out[i] = other[i];
            }
        }
        if (out[tid] < value) {
            out[tid] = value;
        }
        return out;
    }

    /** A copy of {@code vc} with entry {@code tid} set to {@code value}. */
    public static int[] with(int[] vc, int tid, int value) {
        int[] out = java.util.Arrays.copyOf(vc, Math.max(vc.length, tid + 1));
        out[tid] = value;
        return out;
    }
}
