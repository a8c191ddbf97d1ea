package testprograms;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SequenceBarrier;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.SpscArrayQueue;
import testprograms.OrderedInLibrary.Signal;
import testprograms.lib.Directory;
import testprograms.lib.FencedSequence;
import testprograms.lib.HandleClaim;
import testprograms.lib.HandleSlots;
import testprograms.lib.MapMaker;
import testprograms.lib.ReleaseFlag;
import testprograms.lib.SharedDirectory;
import testprograms.lib.StripedCount;
import testprograms.lib.UnsafeCell;
import testprograms.lib.UnsafeFencedCell;
import testprograms.lib.UnsafeSlots;
import testprograms.lib.VolatileFlag;
import testprograms.lib.VolatilePair;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Hand-offs made inside a library through the JVM's lower-level publication: {@code sun.misc.Unsafe}
 * (JCTools' queues, a cell and slots of {@code testprograms.lib}), the JDK's internal Unsafe (Agrona 2's
 * queues, run with {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}), VarHandles (Caffeine 3's
 * caches, a flag, a claim and slots of {@code testprograms.lib}, and a flag in this included
 * class), fences around a plain field (LMAX Disruptor 4's ring buffer, a sequence and an Unsafe
 * cell of {@code testprograms.lib}), a plain {@code volatile} field, two read back to back, and a {@code LongAdder}.
 * Tests run with JCTools, Agrona, Caffeine, Disruptor and {@code testprograms.lib.*} not checked. Same shape as {@link OrderedInLibrary}:
 * the first thread bumps then gives, the second takes then bumps ({@code clean}, silent); the
 * racy twin gives before it bumps (reported at {@code @read}/{@code @write}). Prints
 * {@code <mechanism> count=<n>}. A ConcurrentHashMap inside a library ({@code testprograms.lib.Directory},
 * Caffeine) hands over entries whose fields are written plainly; so does one map that checked code
 * and a library ({@code SharedDirectory}) both call directly, in either direction, also when a
 * library made that map by reflection or by deserializing it ({@code MapMaker}).
 */
public final class HandedOffInLibrary {
    private static final Map<String, Integer> counts = new HashMap<>();

    /** The read-modify-write both threads make. */
    static void bump() {
        Integer v = counts.get("k"); // @read
        counts.put("k", v == null ? 1 : v + 1); // @write
    }

    static final Map<String, Ordered.Mechanism> MECHANISMS = Map.ofEntries(
        Map.entry("jctools-mpsc-array-queue", queue(() -> new MpscArrayQueue<>(8))),
        Map.entry("jctools-spsc-array-queue", queue(() -> new SpscArrayQueue<>(8))),
        Map.entry("agrona-one-to-one-queue", queue(() -> new org.agrona.concurrent.OneToOneConcurrentArrayQueue<>(8))),
        Map.entry("agrona-many-to-one-queue", queue(() -> new org.agrona.concurrent.ManyToOneConcurrentArrayQueue<>(8))),
        Map.entry("caffeine-bounded-cache", cache(() -> Caffeine.newBuilder().maximumSize(100).build())),
        Map.entry("caffeine-unbounded-cache", cache(() -> Caffeine.newBuilder().build())),
        Map.entry("library-concurrent-hash-map-put-get", signal(() -> {
            Directory d = new Directory();
            return new Signal(() -> d.put("done", "yes"), () -> d.awaitByGet("done"));
        })),
        Map.entry("library-concurrent-hash-map-compute", signal(() -> {
            Directory d = new Directory();
            return new Signal(() -> d.compute("done", "yes"), () -> d.awaitByComputeIfPresent("done"));
        })),
        Map.entry("library-concurrent-hash-map-compute-if-absent", signal(() -> {
            Directory d = new Directory();
            return new Signal(() -> d.computeIfAbsent("done", "yes"), () -> d.awaitByGetOrDefault("done"));
        })),
        Map.entry("checked-put-library-get", signal(() -> {
            ConcurrentHashMap<String, String> m = new ConcurrentHashMap<>();
            return new Signal(() -> m.put("done", "yes"), () -> SharedDirectory.awaitByGet(m, "done"));
        })),
        Map.entry("library-put-checked-get", signal(() -> {
            ConcurrentHashMap<String, String> m = new ConcurrentHashMap<>();
            return new Signal(() -> SharedDirectory.put(m, "done", "yes"), () -> awaitByGet(m));
        })),
        Map.entry("marked-new-map-library-put-get", signal(() -> {
            ConcurrentMap<String, String> m = madeAtMarkedSites().get(0);
            return new Signal(() -> SharedDirectory.put(m, "done", "yes"), () -> SharedDirectory.awaitByGet(m, "done"));
        })),
        Map.entry("marked-new-skip-list-map-library-put-get", signal(() -> {
            ConcurrentMap<String, String> m = madeAtMarkedSites().get(1);
            return new Signal(() -> SharedDirectory.put(m, "done", "yes"), () -> SharedDirectory.awaitByGet(m, "done"));
        })),
        Map.entry("reflectively-made-map-library-put-checked-get", signal(() -> {
            @SuppressWarnings("unchecked")
            ConcurrentHashMap<String, String> m = MapMaker.reflectively(ConcurrentHashMap.class);
            return new Signal(() -> SharedDirectory.put(m, "done", "yes"), () -> awaitByGet(m));
        })),
        Map.entry("deserialized-map-library-put-checked-get", signal(() -> {
            ConcurrentHashMap<String, String> m = MapMaker.deserializedCopy(new ConcurrentHashMap<>(Map.of("other", "x")));
            return new Signal(() -> SharedDirectory.put(m, "done", "yes"), () -> awaitByGet(m));
        })),
        Map.entry("deserialized-skip-list-map-library-put-checked-get", signal(() -> {
            java.util.concurrent.ConcurrentSkipListMap<String, String> m =
                MapMaker.deserializedCopy(new java.util.concurrent.ConcurrentSkipListMap<>(Map.of("other", "x")));
            return new Signal(() -> SharedDirectory.put(m, "done", "yes"), () -> awaitByGet(m));
        })),
        Map.entry("library-varhandle-release-acquire", signal(() -> {
            ReleaseFlag f = new ReleaseFlag();
            return new Signal(f::raise, f::awaitRaised);
        })),
        Map.entry("library-varhandle-cas", signal(() -> {
            HandleClaim c = new HandleClaim();
            return new Signal(() -> c.claim("first"), c::awaitClaimed);
        })),
        Map.entry("library-varhandle-array", signal(() -> {
            HandleSlots s = new HandleSlots();
            return new Signal(() -> s.fill(1, "done"), () -> s.awaitFilled(1));
        })),
        Map.entry("library-unsafe-ordered-put", signal(() -> {
            UnsafeCell c = new UnsafeCell();
            return new Signal(() -> c.publish("done"), c::awaitSet);
        })),
        Map.entry("library-unsafe-cas", signal(() -> {
            UnsafeCell c = new UnsafeCell();
            return new Signal(() -> c.claim("first"), c::awaitSet);
        })),
        Map.entry("library-unsafe-array", signal(() -> {
            UnsafeSlots s = new UnsafeSlots();
            return new Signal(() -> s.fill(2, "done"), () -> s.awaitFilled(2));
        })),
        Map.entry("library-fenced-plain-field", signal(() -> {
            FencedSequence seq = new FencedSequence();
            return new Signal(() -> seq.set(1), () -> seq.awaitAtLeast(1));
        })),
        Map.entry("library-unsafe-fenced-plain-field", signal(() -> {
            UnsafeFencedCell c = new UnsafeFencedCell();
            return new Signal(() -> c.publish("done"), c::awaitSet);
        })),
        Map.entry("disruptor-ring-buffer", signal(() -> {
            RingBuffer<String[]> ring = RingBuffer.createSingleProducer(() -> new String[1], 8);
            SequenceBarrier published = ring.newBarrier();
            return new Signal(() -> {
                long at = ring.next();
                ring.get(at)[0] = "done";
                ring.publish(at);
            }, () -> {
                try {
                    published.waitFor(0);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        })),
        Map.entry("library-volatile-field", signal(() -> {
            VolatileFlag f = new VolatileFlag();
            return new Signal(f::raise, f::awaitRaised);
        })),
        Map.entry("library-volatile-fields-read-together", signal(() -> {
            VolatilePair p = new VolatilePair();
            return new Signal(p::raise, p::awaitRaised);
        })),
        Map.entry("library-long-adder", signal(() -> {
            StripedCount c = new StripedCount();
            return new Signal(c::arrive, () -> c.awaitAtLeast(1));
        })),
        Map.entry("included-varhandle-release-acquire", signal(() -> {
            IncludedFlag f = new IncludedFlag();
            return new Signal(f::raise, f::awaitRaised);
        })));

    /** The mechanisms' names, sorted: what the tests run. */
    public static List<String> mechanisms() {
        return MECHANISMS.keySet().stream().sorted().toList();
    }

    public static void main(String[] args) throws Exception {
        Ordered.run(MECHANISMS, args, HandedOffInLibrary::bump);
        System.out.println(args[0] + " count=" + counts.get("k"));
    }

    /**
     * Maps made by {@code new} at sites the rewriter marks as the program's (the method has map calls
     * of its own, so it is rewritten): the constructors' probes take the mark instead of walking the
     * stack, and the maps must order the library's hand-off as a walked map does.
     */
    private static List<ConcurrentMap<String, String>> madeAtMarkedSites() {
        ConcurrentHashMap<String, String> hashed = new ConcurrentHashMap<>();
        java.util.concurrent.ConcurrentSkipListMap<String, String> sorted =
            new java.util.concurrent.ConcurrentSkipListMap<>(java.util.Comparator.naturalOrder());
        hashed.remove("none");
        sorted.remove("none");
        return List.of(hashed, sorted);
    }

    /** Checked code spinning on a map's get until the key is there. */
    private static void awaitByGet(Map<String, String> m) {
        while (m.get("done") == null) {
            Thread.onSpinWait();
        }
    }

    private static Ordered.Mechanism signal(Supplier<Signal> make) {
        return OrderedInLibrary.handoff(make);
    }

    /** One element offered by the first thread, polled until present by the second. */
    private static Ordered.Mechanism queue(Supplier<Queue<String>> make) {
        return signal(() -> {
            Queue<String> q = make.get();
            return new Signal(() -> q.offer("done"), () -> {
                while (q.poll() == null) {
                    Thread.onSpinWait();
                }
            });
        });
    }

    /** One entry put by the first thread, looked up until present by the second. */
    private static Ordered.Mechanism cache(Supplier<Cache<String, String>> make) {
        return signal(() -> {
            Cache<String, String> c = make.get();
            return new Signal(() -> c.put("done", "yes"), () -> {
                while (c.getIfPresent("done") == null) {
                    Thread.onSpinWait();
                }
            });
        });
    }

    /** A VarHandle flag in checked code: setRelease to raise, getAcquire to poll. */
    static final class IncludedFlag {
        private static final VarHandle RAISED;

        static {
            try {
                RAISED = MethodHandles.lookup().findVarHandle(IncludedFlag.class, "raised", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused") // accessed through RAISED
        private boolean raised;

        void raise() {
            RAISED.setRelease(this, true);
        }

        void awaitRaised() {
            while (!(boolean) RAISED.getAcquire(this)) {
                Thread.onSpinWait();
            }
        }
    }
}
