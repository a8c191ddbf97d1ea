package testprograms;

import org.junit.jupiter.api.Assertions;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test under JUnit 5's {@code SEPARATE_THREAD} timeout: the body runs in a thread of JUnit's
 * own executor while the test thread waits on its Future ({@code assertTimeoutPreemptively}).
 * JUnit is never instrumented, so the ordering is made in code racewatch does not rewrite.
 * main bumps (a before-each), the body bumps, main bumps (an after-each). The racy twin's body
 * leaves its bump to a thread it does not wait for. Needs junit-jupiter-api, opentest4j and
 * junit-platform-commons on the class path. Prints {@code <mechanism> count=<n>}.
 */
public final class SeparateThreadTimeout {
    private static final Map<String, Integer> counts = new HashMap<>();

    /** The read-modify-write both threads make. */
    static void bump() {
        Integer v = counts.get("k"); // @read
        counts.put("k", v == null ? 1 : v + 1); // @write
    }

    static final Map<String, Ordered.Mechanism> MECHANISMS = Map.of("junit-separate-thread", new Preemptive());

    /** The mechanisms' names, sorted: what the tests run. */
    public static List<String> mechanisms() {
        return MECHANISMS.keySet().stream().sorted().toList();
    }

    public static void main(String[] args) throws Exception {
        Ordered.run(MECHANISMS, args, SeparateThreadTimeout::bump);
        System.out.println(args[0] + " count=" + counts.get("k"));
    }

    static final class Preemptive implements Ordered.Mechanism {
        public void order(Runnable rmw) {
            Thread testThread = Thread.currentThread();
            rmw.run();
            Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                if (Thread.currentThread() == testThread) {
                    throw new IllegalStateException("the body ran in the test thread: nothing to order");
                }
                rmw.run();
            });
            rmw.run();
        }

        /** The body starts a thread that bumps and returns without waiting for it. */
        public void race(Runnable rmw) {
            rmw.run();
            Unseen bumped = new Unseen();
            Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> new Thread(OrderedAtSource.bumpThenSignal(rmw, bumped), "leaked").start());
            bumped.await();
            rmw.run();
        }
    }
}
