package testprograms;

/**
 * Methods with synchronized blocks (javac's shape: the block's catch-any handler covers its own
 * monitorexit), called often enough for the JIT to compile them: rewritten, C1 must still compile
 * each of them (see JitCompilesRewrittenIT).
 */
public final class SynchronizedBlocks {
    public static void main(String[] args) {
        Counter counter = new Counter();
        long total = 0;
        for (int i = 0; i < 20_000; i++) {
            total += counter.add(i);
            counter.addUnlessClosed(i);
        }
        System.out.println("total=" + total + " size=" + counter.size);
        System.out.println("done");
    }

    static final class Counter {
        private final Object lock = new Object();
        private volatile boolean closed;
        long size;

        long add(long v) {
            synchronized (lock) {
                size += v;
                return size;
            }
        }

        void addUnlessClosed(long v) {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                size += v;
            }
        }
    }
}
