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
     * The first index where {@code other} is above {@code vc}, or -1 when {@code vc} covers it:
     * the check before a join, which also tells where the join has to start.
     */
    public static int firstAbove(int[] vc, int[] other) {
        int common = Math.min(vc.length, other.length);
        for (int i = 0; i < common; i++) {
            if (other[i] > vc[i]) {
                return i;
            }
        }
        for (int i = common; i < other.length; i++) {
            if (other[i] > 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Raises {@code owned}, which no one else holds and which is at least as long as
     * {@code other}, to the entry-wise maximum with {@code other} from index {@code from} on.
     */
    public static void raiseInPlace(int[] owned, int[] other, int from) {
        for (int i = from; i < other.length; i++) {
            int o = other[i];
            if (o > owned[i]) {
                owned[i] = o;
            }
        }
    }

    /** A copy of {@code vc} with entry {@code tid} set to {@code value}. */
    public static int[] with(int[] vc, int tid, int value) {
        int[] out = java.util.Arrays.copyOf(vc, Math.max(vc.length, tid + 1));
        out[tid] = value;
        return out;
    }
}
