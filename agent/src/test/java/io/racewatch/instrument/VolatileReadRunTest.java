package io.racewatch.instrument;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.utility.OpenedClassReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reads of one object's volatile fields back to back make one acquisition after the last of them
 * (io.racewatch.order.VolatileAccesses.ReadRun); anything that can jump, throw, call or write between two
 * reads, a read of another object, or a store to the receiver's local keeps one acquisition per read. The
 * rewritten class verifies and computes what the original computes.
 */
class VolatileReadRunTest {
    public static final class Inner {
        public volatile boolean done = true;
        public volatile Object queue = "q";
        public volatile long requested = 7;
    }

    public static final class Node {
        public volatile Node next;
        public final int value;

        public Node(Node next, int value) {
            this.next = next;
            this.value = value;
        }
    }

    public static final class Runs {
        private volatile int count = 3;
        private volatile Object ref = "r";
        private volatile long wide = 11;
        private final Inner inner = new Inner();
        private final Inner other = new Inner();
        private final Node first = new Node(new Node(new Node(null, 3), 2), 1);

        /** Three reads of this on three lines, stores between: one acquisition. */
        public long together() {
            int c = count;
            Object r = ref;
            long w = wide;
            return c + r.hashCode() + w;
        }

        /** A local's fields, as a drain loop reads its inner subscriber's: one acquisition. */
        public long ofALocal() {
            Inner in = inner;
            boolean d = in.done;
            Object q = in.queue;
            long n = in.requested;
            return (d ? 1 : 0) + q.hashCode() + n;
        }

        /** A call between: two. */
        public long callBetween() {
            int c = count;
            String s = String.valueOf(c);
            Object r = ref;
            return s.length() + r.hashCode();
        }

        /** A branch between: two. */
        public long branchBetween() {
            int c = count;
            if (c > 100) {
                return c;
            }
            Object r = ref;
            return r.hashCode();
        }

        /** Two objects: two. */
        public long twoObjects() {
            Inner a = inner;
            Inner b = other;
            boolean x = a.done;
            boolean y = b.done;
            return (x ? 1 : 0) + (y ? 2 : 0);
        }

        /** A walk down a list: each read's value replaces its receiver in the same local, so two objects: two. */
        public long receiverReplaced() {
            Node n = first;
            n = n.next;
            n = n.next;
            return n.value;
        }

        /** Arithmetic between (it could throw, as a division can): two. */
        public long workBetween(int by) {
            int c = count;
            int q = 100 / by;
            long w = wide;
            return c + q + w;
        }
    }

    static final Map<String, Integer> EXPECTED = Map.of("together", 1, "ofALocal", 1, "callBetween", 2,
        "branchBetween", 2, "twoObjects", 2, "receiverReplaced", 2, "workBetween", 2);

    @ParameterizedTest(name = "ordering only: {0}")
    @ValueSource(booleans = {true, false})
    void aRunOfReadsAcquiresOnceAfterItsLastRead(boolean orderingOnly) throws Exception {
        byte[] rewritten = OrderingOnlyRewriteTest.rewrite(Runs.class, orderingOnly);
        Map<String, Integer> reads = volatileReadProbes(rewritten);
        for (Map.Entry<String, Integer> e : EXPECTED.entrySet()) {
            assertEquals(e.getValue(), reads.getOrDefault(e.getKey(), 0), e.getKey() + ": " + reads);
        }

        Class<?> c = new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass(Runs.class.getName(), rewritten, 0, rewritten.length);
            }
        }.define();
        Object rewrittenRuns = c.getConstructor().newInstance();
        Runs original = new Runs();
        for (String m : EXPECTED.keySet()) {
            if (m.equals("workBetween")) {
                assertEquals(original.workBetween(4), c.getMethod(m, int.class).invoke(rewrittenRuns, 4), m);
            } else {
                assertEquals(Runs.class.getMethod(m).invoke(original), c.getMethod(m).invoke(rewrittenRuns), m);
            }
        }
    }

    /** Per method, its calls of OrderProbes.volatileRead. */
    private static Map<String, Integer> volatileReadProbes(byte[] classFile) {
        Map<String, Integer> counts = new HashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(OpenedClassReader.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(OpenedClassReader.ASM_API) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
                        if (owner.equals("io/racewatch/order/OrderProbes") && method.equals("volatileRead")) {
                            counts.merge(name, 1, Integer::sum);
                        }
                    }
                };
            }
        }, 0);
        return counts;
    }
}
