package testprograms;

import testprograms.lib.Baton;
import testprograms.lib.Mailbox;
import testprograms.lib.Publication;
import testprograms.lib.Workers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-offs made entirely inside a library the run does not check: tests exclude
 * {@code testprograms.lib.*}, whose classes order the application's two updates through their
 * own monitors, a JDK pool they wrap, or an AtomicReference. Same shape as {@link Ordered}:
 * {@code clean} must be silent (what an excluded class does still orders), {@code racy} (the
 * hand-off made before the update, the turns taken through an {@link Unseen} signal) must be
 * reported at {@code @read}/{@code @write}. Prints {@code <mechanism> count=<n>}.
 */
public final class OrderedInLibrary {
    private static final Map<String, Integer> counts = new HashMap<>();

    /** The read-modify-write both threads make. */
    static void bump() {
        Integer v = counts.get("k"); // @read
        counts.put("k", v == null ? 1 : v + 1); // @write
    }

    static final Map<String, Ordered.Mechanism> MECHANISMS = Map.ofEntries(
        Map.entry("library-synchronized-queue", new Queue()),
        Map.entry("library-synchronized-block", new Block()),
        Map.entry("library-executor", new Executor()),
        Map.entry("library-atomic-publication", new Atomic()));

    /** The mechanisms' names, sorted: what the tests run. */
    public static List<String> mechanisms() {
        return MECHANISMS.keySet().stream().sorted().toList();
    }

    public static void main(String[] args) throws Exception {
        Ordered.run(MECHANISMS, args, OrderedInLibrary::bump);
        System.out.println(args[0] + " count=" + counts.get("k"));
    }

    /** The library's synchronized put and take (wait/notifyAll inside). */
    static final class Queue implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            Mailbox<String> box = new Mailbox<>();
            Ordered.twoThreads(() -> {
                rmw.run();
                box.put("done");
            }, () -> {
                take(box);
                rmw.run();
            });
        }

        /** The item is put before the bump. */
        public void race(Runnable rmw) throws Exception {
            Mailbox<String> box = new Mailbox<>();
            Ordered.inTurns(() -> {
                box.put("done");
                rmw.run();
            }, () -> {
                take(box);
                rmw.run();
            });
        }

        private static void take(Mailbox<String> box) {
            try {
                box.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The library's synchronized-block flag, polled. */
    static final class Block implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            Baton baton = new Baton();
            Ordered.twoThreads(() -> {
                rmw.run();
                baton.pass();
            }, () -> {
                baton.awaitPassed();
                rmw.run();
            });
        }

        /** The baton is passed before the bump. */
        public void race(Runnable rmw) throws Exception {
            Baton baton = new Baton();
            Ordered.inTurns(() -> {
                baton.pass();
                rmw.run();
            }, () -> {
                baton.awaitPassed();
                rmw.run();
            });
        }
    }

    /** The library submits to its JDK pool and waits on the futures: main bumps, a worker bumps, main bumps. */
    static final class Executor implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            try (Workers workers = new Workers()) {
                rmw.run();
                workers.run(rmw);
                workers.awaitAll();
                rmw.run();
            }
        }

        /** main bumps before it waits. */
        public void race(Runnable rmw) throws Exception {
            try (Workers workers = new Workers()) {
                rmw.run();
                Unseen bumped = new Unseen();
                workers.run(() -> {
                    rmw.run();
                    bumped.signal();
                });
                bumped.await();
                rmw.run();
                workers.awaitAll();
            }
        }
    }

    /** The library's AtomicReference publication. */
    static final class Atomic implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            Publication<String> done = new Publication<>();
            Ordered.twoThreads(() -> {
                rmw.run();
                done.publish("done");
            }, () -> {
                done.await();
                rmw.run();
            });
        }

        /** Published before the bump. */
        public void race(Runnable rmw) throws Exception {
            Publication<String> done = new Publication<>();
            Ordered.inTurns(() -> {
                done.publish("done");
                rmw.run();
            }, () -> {
                done.await();
                rmw.run();
            });
        }
    }
}
