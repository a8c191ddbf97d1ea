package io.racewatch.instrument;

import io.racewatch.instrument.Hook.After;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every JDK call racewatch rewrites: map operations (recorded as accesses) and every
 * synchronization through which application code orders its threads (recorded as
 * happens-before edges). A missing edge here is a false positive in a report.
 */
final class Hooks {
    private static final String OBJ = "Ljava/lang/Object;";
    private static final String UNIT = "Ljava/util/concurrent/TimeUnit;";
    private static final String TIMED = "(J" + UNIT + ")";

    static final String MAP = "java/util/Map";
    private static final String OBJECT = "java/lang/Object";
    private static final String EXECUTOR = "java/util/concurrent/Executor";
    private static final String EXECUTOR_SERVICE = "java/util/concurrent/ExecutorService";
    private static final String SCHEDULED = "java/util/concurrent/ScheduledExecutorService";
    private static final String FUTURE = "java/util/concurrent/Future";
    private static final String CF = "java/util/concurrent/CompletableFuture";
    private static final String STAGE = "java/util/concurrent/CompletionStage";
    private static final String LOCK = "java/util/concurrent/locks/Lock";
    private static final String RW_LOCK = "java/util/concurrent/locks/ReadWriteLock";
    private static final String CONDITION = "java/util/concurrent/locks/Condition";
    private static final String STAMPED = "java/util/concurrent/locks/StampedLock";
    private static final String PHASER = "java/util/concurrent/Phaser";
    private static final String EXCHANGER = "java/util/concurrent/Exchanger";
    private static final String QUEUE = "java/util/Queue";
    private static final String TIMER = "java/util/Timer";
    private static final String TIMER_TASK = "java/util/TimerTask";
    private static final String RUNNABLE = "Ljava/lang/Runnable;";
    private static final String CALLABLE = "Ljava/util/concurrent/Callable;";
    private static final String SUPPLIER = "Ljava/util/function/Supplier;";
    private static final String EXEC = "Ljava/util/concurrent/Executor;";
    private static final String DATE = "Ljava/util/Date;";

    /** Atomics: every method is a volatile access of the receiver (released before, acquired after). */
    static final Set<String> ATOMICS = Set.of(
        "java/util/concurrent/atomic/AtomicBoolean", "java/util/concurrent/atomic/AtomicInteger",
        "java/util/concurrent/atomic/AtomicLong", "java/util/concurrent/atomic/AtomicReference",
        "java/util/concurrent/atomic/AtomicIntegerArray", "java/util/concurrent/atomic/AtomicLongArray",
        "java/util/concurrent/atomic/AtomicReferenceArray", "java/util/concurrent/atomic/AtomicStampedReference",
        "java/util/concurrent/atomic/AtomicMarkableReference", "java/util/concurrent/atomic/LongAdder",
        "java/util/concurrent/atomic/DoubleAdder", "java/util/concurrent/atomic/LongAccumulator",
        "java/util/concurrent/atomic/DoubleAccumulator");

    static final Hook ATOMIC_ACCESS = new Hook("*", "*", "*", false, null, "release", "acquire", After.NOTHING, -1, null);

    private static final List<Hook> ALL = new ArrayList<>();
    private static final Map<String, List<Hook>> BY_NAME = new HashMap<>();

    static {
        // Maps: replaced by probes that record the access.
        map("get", "(" + OBJ + ")");
        map("containsKey", "(" + OBJ + ")");
        map("getOrDefault", "(" + OBJ + OBJ + ")");
        map("put", "(" + OBJ + OBJ + ")");
        map("remove", "(" + OBJ + ")");
        map("remove", "(" + OBJ + OBJ + ")");
        map("clear", "()");
        map("putAll", "(Ljava/util/Map;)");
        map("putIfAbsent", "(" + OBJ + OBJ + ")");
        map("computeIfAbsent", "(" + OBJ + "Ljava/util/function/Function;)");
        map("computeIfPresent", "(" + OBJ + "Ljava/util/function/BiFunction;)");
        map("compute", "(" + OBJ + "Ljava/util/function/BiFunction;)");
        map("merge", "(" + OBJ + OBJ + "Ljava/util/function/BiFunction;)");
        map("replace", "(" + OBJ + OBJ + ")");
        map("replace", "(" + OBJ + OBJ + OBJ + ")");

        // Monitors' wait gives the monitor up while waiting.
        for (String d : new String[] {"()", "(J)", "(JI)"}) {
            around(OBJECT, "wait", d, "waitBegins", "waitEnded");
        }

        // Thread start and join, every AbstractQueuedSynchronizer (locks, latches, semaphores,
        // barriers), FutureTask, thread pools' hand-offs and termination, fork/join and
        // CompletableFuture completions order from inside the JDK (io.racewatch.order), whoever
        // calls them: no call-site hook for their edges.

        // Executors: the task is wrapped, the future it returns completes when the task ends, and
        // the scheduling probe tracks the task against its owner (the caller).
        schedules(EXECUTOR, "execute", "(" + RUNNABLE + ")", 0, After.NOTHING, "execute");
        schedules(EXECUTOR_SERVICE, "submit", "(" + RUNNABLE + ")", 0, After.OBJECT_RESULT, "submit");
        schedules(EXECUTOR_SERVICE, "submit", "(" + RUNNABLE + OBJ + ")", 0, After.OBJECT_RESULT, "submit");
        schedules(EXECUTOR_SERVICE, "submit", "(" + CALLABLE + ")", 0, After.OBJECT_RESULT, "submit");
        for (String d : new String[] {"(Ljava/util/Collection;)", "(Ljava/util/Collection;J" + UNIT + ")"}) {
            add(new Hook(EXECUTOR_SERVICE, "invokeAll", d, false, null, null, "futureReturned", After.OBJECT_RESULT, 0, Probes.WRAP_TASKS));
            add(new Hook(EXECUTOR_SERVICE, "invokeAny", d, false, null, null, null, null, 0, Probes.WRAP_TASKS));
        }
        schedules(SCHEDULED, "schedule", "(" + RUNNABLE + "J" + UNIT + ")", 0, After.OBJECT_RESULT, "schedule");
        schedules(SCHEDULED, "schedule", "(" + CALLABLE + "J" + UNIT + ")", 0, After.OBJECT_RESULT, "schedule");
        schedules(SCHEDULED, "scheduleAtFixedRate", "(" + RUNNABLE + "JJ" + UNIT + ")", 0, After.OBJECT_RESULT, "scheduleAtFixedRate");
        schedules(SCHEDULED, "scheduleWithFixedDelay", "(" + RUNNABLE + "JJ" + UNIT + ")", 0, After.OBJECT_RESULT, "scheduleWithFixedDelay");

        // Timers: a TimerTask cannot be wrapped (its class is the application's); its run() is
        // watched from inside instead (Boundary.TIMER_TASK_RUN), and cancellations are seen here.
        timer("schedule", "(J)", "timerSchedule");
        timer("schedule", "(" + DATE + ")", "timerSchedule");
        timer("schedule", "(JJ)", "timerSchedule");
        timer("schedule", "(" + DATE + "J)", "timerSchedule");
        timer("scheduleAtFixedRate", "(JJ)", "timerScheduleAtFixedRate");
        timer("scheduleAtFixedRate", "(" + DATE + "J)", "timerScheduleAtFixedRate");
        add(new Hook(TIMER, "cancel", "()", false, null, null, "timerCancel", After.NOTHING, -1, null, true));
        add(new Hook(TIMER_TASK, "cancel", "()", false, null, null, "timerTaskCancel", After.BOOLEAN_RESULT, -1, null, true));

        // Futures: get waits for the task's end. The JDK's own futures order from inside
        // (io.racewatch.order); this is for other implementations bound to a wrapped task.
        after(FUTURE, "get", "()", "futureGot", After.NOTHING);
        after(FUTURE, "get", TIMED, "futureGot", After.NOTHING);
        schedulesStatic(CF, "supplyAsync", "(" + SUPPLIER + ")", 0, "supplyAsync");
        schedulesStatic(CF, "supplyAsync", "(" + SUPPLIER + EXEC + ")", 0, "supplyAsync");
        schedulesStatic(CF, "runAsync", "(" + RUNNABLE + ")", 0, "runAsync");
        schedulesStatic(CF, "runAsync", "(" + RUNNABLE + EXEC + ")", 0, "runAsync");
        schedulesStatic(CF, "delayedExecutor", "(J" + UNIT + ")", -1, "delayedExecutor");
        schedulesStatic(CF, "delayedExecutor", "(J" + UNIT + EXEC + ")", -1, "delayedExecutor");
        schedules(CF, "orTimeout", "(J" + UNIT + ")", -1, After.OBJECT_RESULT, "orTimeout");
        schedules(CF, "completeOnTimeout", "(" + OBJ + "J" + UNIT + ")", -1, After.OBJECT_RESULT, "completeOnTimeout");
        stage("thenApply", "Ljava/util/function/Function;");
        stage("thenAccept", "Ljava/util/function/Consumer;");
        stage("thenRun", "Ljava/lang/Runnable;");
        stage("thenCompose", "Ljava/util/function/Function;");
        stage("whenComplete", "Ljava/util/function/BiConsumer;");
        stage("handle", "Ljava/util/function/BiFunction;");
        wrap(STAGE, "exceptionally", "(Ljava/util/function/Function;)", 0, true);
        wrap(STAGE, "thenCombine", "(Ljava/util/concurrent/CompletionStage;Ljava/util/function/BiFunction;)", 1, true);

        // Locks.
        around(LOCK, "lock", "()", "lockRequested", "lockAcquired");
        around(LOCK, "lockInterruptibly", "()", "lockRequested", "lockAcquired");
        after(LOCK, "tryLock", "()", "lockAcquiredIf", After.BOOLEAN_RESULT);
        add(new Hook(LOCK, "tryLock", TIMED, false, null, "lockRequested", "lockAcquiredIf", After.BOOLEAN_RESULT, -1, null));
        before(LOCK, "unlock", "()", "lockReleasing");
        after(LOCK, "newCondition", "()", "bindToReceiver", After.OBJECT_RESULT);
        after(RW_LOCK, "readLock", "()", "bindToReceiver", After.OBJECT_RESULT);
        after(RW_LOCK, "writeLock", "()", "bindToReceiver", After.OBJECT_RESULT);
        around(CONDITION, "await", "()", "waitBegins", "waitEnded");
        around(CONDITION, "awaitUninterruptibly", "()", "waitBegins", "waitEnded");
        around(CONDITION, "await", TIMED, "waitBegins", "waitEnded");
        around(CONDITION, "awaitNanos", "(J)", "waitBegins", "waitEnded");
        around(CONDITION, "awaitUntil", "(Ljava/util/Date;)", "waitBegins", "waitEnded");
        for (String m : new String[] {"writeLock", "readLock", "writeLockInterruptibly", "readLockInterruptibly"}) {
            add(new Hook(STAMPED, m, "()", false, null, "lockRequested", "stampAcquired", After.LONG_RESULT, -1, null));
        }
        after(STAMPED, "tryWriteLock", "()", "stampAcquired", After.LONG_RESULT);
        after(STAMPED, "tryReadLock", "()", "stampAcquired", After.LONG_RESULT);
        add(new Hook(STAMPED, "tryWriteLock", TIMED, false, null, "lockRequested", "stampAcquired", After.LONG_RESULT, -1, null));
        add(new Hook(STAMPED, "tryReadLock", TIMED, false, null, "lockRequested", "stampAcquired", After.LONG_RESULT, -1, null));
        for (String m : new String[] {"unlockWrite", "unlockRead", "unlock"}) {
            before(STAMPED, m, "(J)", "lockReleasing");
        }
        after(STAMPED, "validate", "(J)", "acquireIf", After.BOOLEAN_RESULT);
        for (String m : new String[] {"asReadLock", "asWriteLock", "asReadWriteLock"}) {
            after(STAMPED, m, "()", "bindToReceiver", After.OBJECT_RESULT);
        }

        // Phasers and exchangers (latches, barriers and semaphores are AQS-based: ordered from inside the JDK).
        before(PHASER, "arrive", "()", "release");
        before(PHASER, "arriveAndDeregister", "()", "release");
        around(PHASER, "arriveAndAwaitAdvance", "()", "release", "acquire");
        after(PHASER, "awaitAdvance", "(I)", "acquire", After.NOTHING);
        after(PHASER, "awaitAdvanceInterruptibly", "(I)", "acquire", After.NOTHING);
        after(PHASER, "awaitAdvanceInterruptibly", "(IJ" + UNIT + ")", "acquire", After.NOTHING);
        around(EXCHANGER, "exchange", "(" + OBJ + ")", "release", "acquire");
        around(EXCHANGER, "exchange", "(" + OBJ + "J" + UNIT + ")", "release", "acquire");

        // Concurrent queues: an element's hand-over orders its producer before its consumer.
        for (String m : new String[] {"put", "offer", "add", "putFirst", "putLast", "offerFirst", "offerLast", "addFirst", "addLast", "push"}) {
            before(QUEUE, m, "(" + OBJ + ")", "queuePut");
        }
        before(QUEUE, "offer", "(" + OBJ + "J" + UNIT + ")", "queuePut");
        for (String m : new String[] {"take", "poll", "remove", "element", "peek", "takeFirst", "takeLast", "pollFirst", "pollLast",
            "pop", "removeFirst", "removeLast", "peekFirst", "peekLast"}) {
            after(QUEUE, m, "()", "queueTook", After.OBJECT_RESULT);
        }
        after(QUEUE, "poll", TIMED, "queueTook", After.OBJECT_RESULT);
    }

    private Hooks() {
    }

    /** Hooks named {@code name}: the first, cheap filter of a call site. */
    static List<Hook> named(String name) {
        return BY_NAME.getOrDefault(name, List.of());
    }

    static int count() {
        return ALL.size();
    }

    private static void add(Hook h) {
        ALL.add(h);
        BY_NAME.computeIfAbsent(h.name(), n -> new ArrayList<>()).add(h);
    }

    private static void map(String name, String args) {
        add(new Hook(MAP, name, args, false, name, null, null, null, -1, null));
    }

    private static void before(String family, String name, String args, String probe) {
        add(new Hook(family, name, args, false, null, probe, null, null, -1, null));
    }

    private static void after(String family, String name, String args, String probe, After what) {
        add(new Hook(family, name, args, false, null, null, probe, what, -1, null));
    }

    private static void around(String family, String name, String args, String before, String after) {
        add(new Hook(family, name, args, false, null, before, after, After.NOTHING, -1, null));
    }

    private static void wrap(String family, String name, String args, int arg, boolean returnsFuture) {
        add(new Hook(family, name, args, false, null, null, returnsFuture ? "futureReturned" : null,
            returnsFuture ? After.OBJECT_RESULT : null, arg, Probes.WRAP_TASK));
    }

    /** A call that hands work to run later or elsewhere, with task argument {@code task} (or -1), see {@link Hook}. */
    private static void schedules(String family, String name, String args, int task, After result, String probe) {
        add(new Hook(family, name, args, false, null, null, probe, result, task, task >= 0 ? Probes.WRAP_TASK : null, true));
    }

    private static void schedulesStatic(String family, String name, String args, int task, String probe) {
        add(new Hook(family, name, args, true, null, null, probe, After.OBJECT_RESULT, task, task >= 0 ? Probes.WRAP_TASK : null, true));
    }

    /** {@code Timer.name(TimerTask, rest...)}. */
    private static void timer(String name, String rest, String probe) {
        schedules(TIMER, name, "(Ljava/util/TimerTask;" + rest.substring(1), -1, After.NOTHING, probe);
    }

    /** A CompletionStage callback method and its two Async forms. */
    private static void stage(String name, String fn) {
        wrap(STAGE, name, "(" + fn + ")", 0, true);
        wrap(STAGE, name + "Async", "(" + fn + ")", 0, true);
        wrap(STAGE, name + "Async", "(" + fn + "Ljava/util/concurrent/Executor;)", 0, true);
    }
}
