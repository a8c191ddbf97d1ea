package testprograms;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Subclasses of hooked JDK types that declare methods named like the hooked ones: overloads
 * (Groovy's {@code ClassInfo$LocalMap.get(Class)}) and covariant overrides with their bridges
 * (typesafe-config's {@code SimpleConfigObject.get(Object)}). Calls to them must reach them, under
 * the agent as without it: the program prints what it computed, and the test compares.
 */
public final class Overloads {
    /** A map with a get of its own for class keys, as Groovy 1.7's LocalMap has. */
    static final class ClassKeyed extends HashMap<Object, Object> {
        Object get(Class<?> key) {
            return "own get of " + key.getSimpleName();
        }

        Object put(String key, int times) {
            return super.put(key, key.repeat(times));
        }
    }

    /** A map whose get narrows its result: javac adds the bridge get(Object)Object that calls it. */
    static final class Config extends AbstractMap<String, StringBuilder> {
        private final Map<String, StringBuilder> values = new HashMap<>();

        @Override
        public StringBuilder get(Object key) {
            StringBuilder v = values.get(key);
            return v == null ? new StringBuilder("none") : v;
        }

        @Override
        public StringBuilder put(String key, StringBuilder value) {
            return values.put(key, value);
        }

        @Override
        public Set<Entry<String, StringBuilder>> entrySet() {
            return values.entrySet();
        }
    }

    /** A lock with a lock(String) of its own. */
    static final class NamedLock extends ReentrantLock {
        final List<String> log = new ArrayList<>();

        void lock(String who) {
            lock();
            log.add("locked by " + who);
        }

        boolean tryLock(String who) {
            log.add("tried by " + who);
            return false;
        }
    }

    /** An executor with execute(Runnable, int) of its own. */
    static final class Repeater implements Executor {
        int runs;

        @Override
        public void execute(Runnable task) {
            runs++;
            task.run();
        }

        void execute(Runnable task, int times) {
            for (int i = 0; i < times; i++) {
                execute(task);
            }
        }
    }

    /** A future with get(String) of its own. */
    static final class Answer extends CompletableFuture<String> {
        String get(String fallback) {
            return isDone() ? join() : fallback;
        }
    }

    /** A queue with put(String, int) and a narrowing poll. */
    static final class Inbox extends LinkedBlockingQueue<String> {
        void put(String message, int copies) {
            for (int i = 0; i < copies; i++) {
                offer(message + "#" + i);
            }
        }

        @Override
        public String poll() {
            String s = super.poll();
            return s == null ? "empty" : s.toUpperCase();
        }
    }

    /** A latch with await(String) of its own. */
    static final class NamedLatch extends CountDownLatch {
        NamedLatch() {
            super(1);
        }

        String await(String why) {
            return why + ": " + getCount();
        }
    }

    /** A thread with start(String) and join(String) of its own. */
    static final class Worker extends Thread {
        final StringBuilder out = new StringBuilder();

        Worker() {
            super("worker");
        }

        @Override
        public void run() {
            out.append("ran");
        }

        void start(String label) throws InterruptedException {
            out.append(label).append(' ');
            start();
            join();
        }

        String join(String label) {
            return label + " " + out;
        }
    }

    /** An atomic with a get(String) of its own. */
    static final class Counter extends AtomicInteger {
        String get(String label) {
            return label + "=" + get();
        }
    }

    public static void main(String[] args) throws Exception {
        ClassKeyed classKeyed = new ClassKeyed();
        classKeyed.put(String.class, "map value");
        System.out.println("ClassKeyed.get(Class): " + classKeyed.get(String.class));
        System.out.println("ClassKeyed.get(Object): " + classKeyed.get((Object) String.class));
        classKeyed.put("ab", 3);
        System.out.println("ClassKeyed.put(String, int): " + classKeyed.get((Object) "ab"));

        Config config = new Config();
        config.put("name", new StringBuilder("racewatch"));
        System.out.println("Config.get: " + config.get("name") + ", " + config.get("missing"));
        Map<String, StringBuilder> asMap = config;
        System.out.println("Config as a Map: " + asMap.get("name") + ", " + asMap.get("missing") + ", " + asMap.containsKey("name"));

        NamedLock lock = new NamedLock();
        lock.lock("main");
        System.out.println("NamedLock: " + lock.isHeldByCurrentThread() + " " + lock.tryLock("main") + " " + lock.log);
        lock.unlock();

        Repeater repeater = new Repeater();
        int[] count = new int[1];
        repeater.execute(() -> count[0]++, 3);
        System.out.println("Repeater: " + repeater.runs + " runs, " + count[0] + " increments");

        Answer answer = new Answer();
        System.out.println("Answer before: " + answer.get("not yet"));
        answer.complete("42");
        System.out.println("Answer after: " + answer.get("not yet") + " " + answer.get());

        Inbox inbox = new Inbox();
        inbox.put("hello", 2);
        System.out.println("Inbox: " + inbox.poll() + " " + inbox.poll() + " " + inbox.poll() + " " + inbox.size());

        NamedLatch latch = new NamedLatch();
        System.out.println("NamedLatch: " + latch.await("checking") + " " + latch.await(1, TimeUnit.MILLISECONDS));

        Worker worker = new Worker();
        worker.start("go");
        System.out.println("Worker: " + worker.join("done"));

        Counter counter = new Counter();
        counter.incrementAndGet();
        System.out.println("Counter: " + counter.get("hits"));

        EnumMap<TimeUnit, String> units = new EnumMap<>(TimeUnit.class);
        units.put(TimeUnit.SECONDS, "s");
        System.out.println("EnumMap: " + units.get(TimeUnit.SECONDS) + " " + units);
    }
}
