package testprograms;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Two threads whose only common ground is the JDK's count of direct memory: each allocates a direct
 * buffer (java.nio.Bits updates its atomics), the first after its update of a shared map, the second
 * before its own. Nothing orders the two updates (the second waits through {@link Unseen}): racewatch
 * must report the race at {@code @read}/{@code @write}, not take the JDK's counter for a hand-off.
 */
public final class DirectBuffers {
    private static final Map<String, Integer> counts = new HashMap<>();
    static volatile ByteBuffer kept;

    static void bump() {
        Integer v = counts.get("k"); // @read
        counts.put("k", v == null ? 1 : v + 1); // @write
    }

    public static void main(String[] args) throws InterruptedException {
        Unseen firstDone = new Unseen();
        Both.run("first", () -> {
            bump();
            kept = ByteBuffer.allocateDirect(64);
            firstDone.signal();
        }, "second", () -> {
            firstDone.await();
            ByteBuffer mine = ByteBuffer.allocateDirect(64);
            bump();
            System.out.println("count=" + counts.get("k") + " capacity=" + mine.capacity());
        });
    }
}
