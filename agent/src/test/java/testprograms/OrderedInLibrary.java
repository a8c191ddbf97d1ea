package testprograms;

import testprograms.lib.Baton;
import testprograms.lib.Cancellation;
import testprograms.lib.Flag;
import testprograms.lib.Gates;
import testprograms.lib.Later;
import testprograms.lib.LockedFlag;
import testprograms.lib.Mailbox;
import testprograms.lib.Phases;
import testprograms.lib.Publication;
import testprograms.lib.Relay;
import testprograms.lib.Slots;
import testprograms.lib.StampedBox;
import testprograms.lib.Swap;
import testprograms.lib.Tally;
import testprograms.lib.Watermark;
import testprograms.lib.Workers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-offs made entirely inside a library the run does not check: tests exclude
 * {@code testprograms.lib.*}, whose classes order the application's two updates through their
 * own monitors, a JDK pool they wrap, a cancelled FutureTask, atomics, a ReentrantLock, a StampedLock, a Phaser, an Exchanger, the JDK's
 * lock-free queues or a Timer. Same shape as {@link Ordered}:
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
        Map.entry("library-atomic-publication", new Atomic()),
        Map.entry("library-atomic-counter", handoff(() -> {
            Tally t = new Tally();
            return new Signal(t::arrive, () -> t.awaitAtLeast(1));
        })),
        Map.entry("library-future-task-cancelled", handoff(() -> {
            Cancellation c = new Cancellation();
            return new Signal(c::cancel, c::awaitCancelled);
        })),
        Map.entry("library-atomic-flag-cas", handoff(() -> {
            Flag f = new Flag();
            return new Signal(f::raise, f::awaitRaised);
        })),
        Map.entry("library-atomic-long-lazy-set", handoff(() -> {
            Watermark w = new Watermark();
            return new Signal(() -> w.advanceTo(1), () -> w.awaitAtLeast(1));
        })),
        Map.entry("library-atomic-array", handoff(() -> {
            Slots<String> s = new Slots<>();
            return new Signal(() -> s.fill(2, "done"), () -> s.awaitFilled(2));
        })),
        Map.entry("library-int-field-updater", handoff(() -> {
            Gates g = new Gates();
            return new Signal(g::open, g::awaitOpen);
        })),
        Map.entry("library-reference-field-updater", handoff(() -> {
            Gates g = new Gates();
            return new Signal(() -> g.claim("first"), g::awaitClaimed);
        })),
        Map.entry("library-reentrant-lock-polled", handoff(() -> {
            LockedFlag f = new LockedFlag(false);
            return new Signal(f::raise, f::awaitPolling);
        })),
        Map.entry("library-reentrant-lock-condition", handoff(() -> {
            LockedFlag f = new LockedFlag(true);
            return new Signal(f::raise, f::awaitSignal);
        })),
        Map.entry("library-stamped-lock-read", handoff(() -> {
            StampedBox b = new StampedBox();
            return new Signal(b::publish, b::awaitLocked);
        })),
        Map.entry("library-stamped-lock-optimistic", handoff(() -> {
            StampedBox b = new StampedBox();
            return new Signal(b::publish, b::awaitOptimistic);
        })),
        Map.entry("library-phaser", handoff(() -> {
            Phases p = Phases.flat();
            return new Signal(p::arrive, p::arriveAndAwait);
        })),
        Map.entry("library-phaser-tiered", handoff(() -> {
            Phases p = Phases.tiered();
            return new Signal(p::arrive, p::arriveAndAwait);
        })),
        Map.entry("library-exchanger-giver-waits", exchange("second")),
        Map.entry("library-exchanger-taker-waits", exchange("first")),
        Map.entry("library-concurrent-linked-queue", relay(Relay::linkedQueue)),
        Map.entry("library-concurrent-linked-deque", relay(Relay::linkedDeque)),
        Map.entry("library-linked-transfer-queue", relay(Relay::transferQueue)),
        Map.entry("library-synchronous-queue", relay(Relay::synchronousQueue)),
        Map.entry("library-timer", new Timed()));

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

    /** A one-way hand-off made by two library calls: {@code give} on the first thread, {@code take} on the second. */
    record Signal(Runnable give, Runnable take) {
    }

    /**
     * The first thread bumps and gives, the second takes and bumps; in the racy twin the first
     * gives before it bumps (a blocking give returns once taken, so the turns are taken after both).
     */
    static Ordered.Mechanism handoff(java.util.function.Supplier<Signal> make) {
        return new Ordered.Mechanism() {
            public void order(Runnable rmw) throws Exception {
                Signal s = make.get();
                Ordered.twoThreads(() -> {
                    rmw.run();
                    s.give().run();
                }, () -> {
                    s.take().run();
                    rmw.run();
                });
            }

            public void race(Runnable rmw) throws Exception {
                Signal s = make.get();
                Unseen bumped = new Unseen();
                Ordered.twoThreads(() -> {
                    s.give().run();
                    rmw.run();
                    bumped.signal();
                }, () -> {
                    s.take().run();
                    bumped.await();
                    rmw.run();
                });
            }
        };
    }

    static Ordered.Mechanism relay(java.util.function.Supplier<Relay<String>> make) {
        return handoff(() -> {
            Relay<String> r = make.get();
            return new Signal(() -> r.send("done"), r::receive);
        });
    }

    /**
     * Both sides exchange; the thread named {@code waiter} enters the exchange only once the
     * other is parked in it, so each side of the Exchanger is, in one of the two mechanisms, the
     * one that arrives first (the waiting is a poll of the thread's state: no edge).
     */
    static Ordered.Mechanism exchange(String waiter) {
        return handoff(() -> {
            Swap<String> swap = new Swap<>();
            return new Signal(() -> swapAfterOther(swap, waiter), () -> swapAfterOther(swap, waiter));
        });
    }

    private static void swapAfterOther(Swap<String> swap, String waiter) {
        if (Thread.currentThread().getName().equals(waiter)) {
            awaitParked(waiter.equals("first") ? "second" : "first");
        }
        swap.swap(Thread.currentThread().getName());
    }

    /** Polls until the thread of that name waits (parked in the exchange). */
    private static void awaitParked(String name) {
        while (true) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals(name) && (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING)) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
    }

    /**
     * The library runs the application's work on its Timer: main bumps, then the library
     * schedules the second bump; the racy twin schedules first and bumps after. main waits for
     * the task's end through an {@link Unseen} signal, which orders nothing.
     */
    static final class Timed implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            try (Later later = new Later()) {
                Unseen ran = new Unseen();
                rmw.run();
                later.run(() -> {
                    rmw.run();
                    ran.signal();
                });
                ran.await();
            }
        }

        public void race(Runnable rmw) throws Exception {
            try (Later later = new Later()) {
                Unseen bumped = new Unseen();
                Unseen ran = new Unseen();
                later.run(() -> {
                    bumped.await();
                    rmw.run();
                    ran.signal();
                });
                rmw.run();
                bumped.signal();
                ran.await();
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
