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
    private static final String TIMER = "java/util/Timer";
    private static final String TIMER_TASK = "java/util/TimerTask";
    private static final String RUNNABLE = "Ljava/lang/Runnable;";
    private static final String CALLABLE = "Ljava/util/concurrent/Callable;";
    private static final String SUPPLIER = "Ljava/util/function/Supplier;";
    private static final String EXEC = "Ljava/util/concurrent/Executor;";
    private static final String DATE = "Ljava/util/Date;";
    private static final String FUTURE_TYPE = "Ljava/util/concurrent/Future;";
    private static final String CF_TYPE = "Ljava/util/concurrent/CompletableFuture;";
    private static final String STAGE_TYPE = "Ljava/util/concurrent/CompletionStage;";
    private static final String LOCK_TYPE = "Ljava/util/concurrent/locks/Lock;";

    private static final List<Hook> ALL = new ArrayList<>();
    private static final Map<String, List<Hook>> BY_NAME = new HashMap<>();

    static {
        // Maps: replaced by probes that record the access.
        map("get", "(" + OBJ + ")" + OBJ);
        map("containsKey", "(" + OBJ + ")Z");
        map("getOrDefault", "(" + OBJ + OBJ + ")" + OBJ);
        map("put", "(" + OBJ + OBJ + ")" + OBJ);
        map("remove", "(" + OBJ + ")" + OBJ);
        map("remove", "(" + OBJ + OBJ + ")Z");
        map("clear", "()V");
        map("putAll", "(Ljava/util/Map;)V");
        map("putIfAbsent", "(" + OBJ + OBJ + ")" + OBJ);
        map("computeIfAbsent", "(" + OBJ + "Ljava/util/function/Function;)" + OBJ);
        map("computeIfPresent", "(" + OBJ + "Ljava/util/function/BiFunction;)" + OBJ);
        map("compute", "(" + OBJ + "Ljava/util/function/BiFunction;)" + OBJ);
        map("merge", "(" + OBJ + OBJ + "Ljava/util/function/BiFunction;)" + OBJ);
        map("replace", "(" + OBJ + OBJ + ")" + OBJ);
        map("replace", "(" + OBJ + OBJ + OBJ + ")Z");

        // Monitors' wait gives the monitor up while waiting.
        for (String d : new String[] {"()V", "(J)V", "(JI)V"}) {
            around(OBJECT, "wait", d, "waitBegins", "waitEnded");
        }

        // Thread start and join, every AbstractQueuedSynchronizer (locks, latches, semaphores,
        // barriers), FutureTask, thread pools' hand-offs and termination, fork/join and
        // CompletableFuture completions order from inside the JDK (io.racewatch.order), whoever
        // calls them: no call-site hook for their edges.

        // Executors: the task is wrapped, the future it returns completes when the task ends, and
        // the scheduling probe tracks the task against its owner (the caller).
        schedules(EXECUTOR, "execute", "(" + RUNNABLE + ")V", 0, After.NOTHING, "execute");
        schedules(EXECUTOR_SERVICE, "submit", "(" + RUNNABLE + ")" + FUTURE_TYPE, 0, After.OBJECT_RESULT, "submit");
        schedules(EXECUTOR_SERVICE, "submit", "(" + RUNNABLE + OBJ + ")" + FUTURE_TYPE, 0, After.OBJECT_RESULT, "submit");
        schedules(EXECUTOR_SERVICE, "submit", "(" + CALLABLE + ")" + FUTURE_TYPE, 0, After.OBJECT_RESULT, "submit");
        for (String d : new String[] {"(Ljava/util/Collection;)", "(Ljava/util/Collection;J" + UNIT + ")"}) {
            add(new Hook(EXECUTOR_SERVICE, "invokeAll", d + "Ljava/util/List;", false, null, null, "futureReturned", After.OBJECT_RESULT, 0,
                Probes.WRAP_TASKS));
            add(new Hook(EXECUTOR_SERVICE, "invokeAny", d + OBJ, false, null, null, null, null, 0, Probes.WRAP_TASKS));
        }
        String scheduledFuture = "Ljava/util/concurrent/ScheduledFuture;";
        schedules(SCHEDULED, "schedule", "(" + RUNNABLE + "J" + UNIT + ")" + scheduledFuture, 0, After.OBJECT_RESULT, "schedule");
        schedules(SCHEDULED, "schedule", "(" + CALLABLE + "J" + UNIT + ")" + scheduledFuture, 0, After.OBJECT_RESULT, "schedule");
        schedules(SCHEDULED, "scheduleAtFixedRate", "(" + RUNNABLE + "JJ" + UNIT + ")" + scheduledFuture, 0, After.OBJECT_RESULT,
            "scheduleAtFixedRate");
        schedules(SCHEDULED, "scheduleWithFixedDelay", "(" + RUNNABLE + "JJ" + UNIT + ")" + scheduledFuture, 0, After.OBJECT_RESULT,
            "scheduleWithFixedDelay");

        // Timers: a TimerTask cannot be wrapped (its class is the application's); its run() is
        // watched from inside instead (Boundary.TIMER_TASK_RUN), and cancellations are seen here.
        timer("schedule", "(J)", "timerSchedule");
        timer("schedule", "(" + DATE + ")", "timerSchedule");
        timer("schedule", "(JJ)", "timerSchedule");
        timer("schedule", "(" + DATE + "J)", "timerSchedule");
        timer("scheduleAtFixedRate", "(JJ)", "timerScheduleAtFixedRate");
        timer("scheduleAtFixedRate", "(" + DATE + "J)", "timerScheduleAtFixedRate");
        add(new Hook(TIMER, "cancel", "()V", false, null, null, "timerCancel", After.NOTHING, -1, null, true));
        add(new Hook(TIMER_TASK, "cancel", "()Z", false, null, null, "timerTaskCancel", After.BOOLEAN_RESULT, -1, null, true));

        // Futures: get waits for the task's end. The JDK's own futures order from inside
        // (io.racewatch.order); this is for other implementations bound to a wrapped task.
        after(FUTURE, "get", "()" + OBJ, "futureGot", After.NOTHING);
        after(FUTURE, "get", TIMED + OBJ, "futureGot", After.NOTHING);
        schedulesStatic(CF, "supplyAsync", "(" + SUPPLIER + ")" + CF_TYPE, 0, "supplyAsync");
        schedulesStatic(CF, "supplyAsync", "(" + SUPPLIER + EXEC + ")" + CF_TYPE, 0, "supplyAsync");
        schedulesStatic(CF, "runAsync", "(" + RUNNABLE + ")" + CF_TYPE, 0, "runAsync");
        schedulesStatic(CF, "runAsync", "(" + RUNNABLE + EXEC + ")" + CF_TYPE, 0, "runAsync");
        schedulesStatic(CF, "delayedExecutor", "(J" + UNIT + ")" + EXEC, -1, "delayedExecutor");
        schedulesStatic(CF, "delayedExecutor", "(J" + UNIT + EXEC + ")" + EXEC, -1, "delayedExecutor");
        schedules(CF, "orTimeout", "(J" + UNIT + ")" + CF_TYPE, -1, After.OBJECT_RESULT, "orTimeout");
        schedules(CF, "completeOnTimeout", "(" + OBJ + "J" + UNIT + ")" + CF_TYPE, -1, After.OBJECT_RESULT, "completeOnTimeout");
        stage("thenApply", "Ljava/util/function/Function;");
        stage("thenAccept", "Ljava/util/function/Consumer;");
        stage("thenRun", "Ljava/lang/Runnable;");
        stage("thenCompose", "Ljava/util/function/Function;");
        stage("whenComplete", "Ljava/util/function/BiConsumer;");
        stage("handle", "Ljava/util/function/BiFunction;");
        wrap(STAGE, "exceptionally", "(Ljava/util/function/Function;)" + STAGE_TYPE, 0, true);
        wrap(STAGE, "thenCombine", "(Ljava/util/concurrent/CompletionStage;Ljava/util/function/BiFunction;)" + STAGE_TYPE, 1, true);

        // Locks.
        around(LOCK, "lock", "()V", "lockRequested", "lockAcquired");
        around(LOCK, "lockInterruptibly", "()V", "lockRequested", "lockAcquired");
        // A try-lock can give up: it is held, but no lock-order edge leads to it.
        after(LOCK, "tryLock", "()Z", "tryLockAcquired", After.BOOLEAN_RESULT);
        add(new Hook(LOCK, "tryLock", TIMED + "Z", false, null, "lockRequested", "tryLockAcquired", After.BOOLEAN_RESULT, -1, null));
        before(LOCK, "unlock", "()V", "lockReleasing");
        after(LOCK, "newCondition", "()Ljava/util/concurrent/locks/Condition;", "bindToReceiver", After.OBJECT_RESULT);
        after(RW_LOCK, "readLock", "()" + LOCK_TYPE, "bindToReceiver", After.OBJECT_RESULT);
        after(RW_LOCK, "writeLock", "()" + LOCK_TYPE, "bindToReceiver", After.OBJECT_RESULT);
        around(CONDITION, "await", "()V", "waitBegins", "waitEnded");
        around(CONDITION, "awaitUninterruptibly", "()V", "waitBegins", "waitEnded");
        around(CONDITION, "await", TIMED + "Z", "waitBegins", "waitEnded");
        around(CONDITION, "awaitNanos", "(J)J", "waitBegins", "waitEnded");
        around(CONDITION, "awaitUntil", "(Ljava/util/Date;)Z", "waitBegins", "waitEnded");
        for (String m : new String[] {"writeLock", "readLock", "writeLockInterruptibly", "readLockInterruptibly"}) {
            add(new Hook(STAMPED, m, "()J", false, null, "lockRequested", "stampAcquired", After.LONG_RESULT, -1, null));
        }
        after(STAMPED, "tryWriteLock", "()J", "tryStampAcquired", After.LONG_RESULT);
        after(STAMPED, "tryReadLock", "()J", "tryStampAcquired", After.LONG_RESULT);
        add(new Hook(STAMPED, "tryWriteLock", TIMED + "J", false, null, "lockRequested", "tryStampAcquired", After.LONG_RESULT, -1, null));
        add(new Hook(STAMPED, "tryReadLock", TIMED + "J", false, null, "lockRequested", "tryStampAcquired", After.LONG_RESULT, -1, null));
        for (String m : new String[] {"unlockWrite", "unlockRead", "unlock"}) {
            before(STAMPED, m, "(J)V", "lockReleasing");
        }
        after(STAMPED, "asReadLock", "()" + LOCK_TYPE, "bindToReceiver", After.OBJECT_RESULT);
        after(STAMPED, "asWriteLock", "()" + LOCK_TYPE, "bindToReceiver", After.OBJECT_RESULT);
        after(STAMPED, "asReadWriteLock", "()Ljava/util/concurrent/locks/ReadWriteLock;", "bindToReceiver", After.OBJECT_RESULT);

        // Phasers, exchangers and the JDK's lock-free queues (LinkedTransferQueue, SynchronousQueue,
        // ConcurrentLinkedQueue/Deque; the others are AQS-based) order from inside the JDK too.
    }

    private Hooks() {
    }

    /** Hooks named {@code name}: the first, cheap filter of a call site. */
    static List<Hook> named(String name) {
        return BY_NAME.getOrDefault(name, List.of());
    }

    /**
     * The hook of the method a call resolves to, or null. Only the hooked method itself matches
     * (see {@link Hook}): same name and erased descriptor on a subtype of its family, or a JDK
     * override of it; an overload or an application's covariant override is left alone.
     */
    static Hook find(boolean isStatic, String owner, String name, String descriptor, TypeHierarchy hierarchy) {
        for (Hook h : named(name)) {
            if (h.isStatic() != isStatic) {
                continue;
            }
            if (isStatic) {
                if (owner.equals(h.family()) && descriptor.equals(h.descriptor())) {
                    return h;
                }
            } else if (descriptor.equals(h.descriptor()) ? hierarchy.isA(owner, h.family())
                : JdkOverrides.matches(h, owner, descriptor, hierarchy)) {
                return h;
            }
        }
        return null;
    }

    /**
     * True when a call of {@code owner.name descriptor} may resolve to a hooked method, as either
     * kind of call ({@link #find} static or not): for the class-file scan, where a method reference
     * does not say which instruction uses it. One pass over the hooks of that name.
     */
    static boolean mayMatch(String owner, String name, String descriptor, TypeHierarchy hierarchy) {
        for (Hook h : named(name)) {
            if (h.isStatic() ? owner.equals(h.family()) && descriptor.equals(h.descriptor())
                : descriptor.equals(h.descriptor()) ? hierarchy.isA(owner, h.family()) : JdkOverrides.matches(h, owner, descriptor, hierarchy)) {
                return true;
            }
        }
        return false;
    }

    static int count() {
        return ALL.size();
    }

    /** Every hook (for the check that {@link JdkOverrides} knows each JDK override). */
    static List<Hook> all() {
        return List.copyOf(ALL);
    }

    private static void add(Hook h) {
        ALL.add(h);
        List<Hook> named = BY_NAME.get(h.name()); // not computeIfAbsent(lambda): a class spun at the first class rewritten
        if (named == null) {
            named = new ArrayList<>();
            BY_NAME.put(h.name(), named);
        }
        named.add(h);
    }

    private static void map(String name, String descriptor) {
        add(new Hook(MAP, name, descriptor, false, name, null, null, null, -1, null));
    }

    private static void before(String family, String name, String descriptor, String probe) {
        add(new Hook(family, name, descriptor, false, null, probe, null, null, -1, null));
    }

    private static void after(String family, String name, String descriptor, String probe, After what) {
        add(new Hook(family, name, descriptor, false, null, null, probe, what, -1, null));
    }

    private static void around(String family, String name, String descriptor, String before, String after) {
        add(new Hook(family, name, descriptor, false, null, before, after, After.NOTHING, -1, null));
    }

    private static void wrap(String family, String name, String descriptor, int arg, boolean returnsFuture) {
        add(new Hook(family, name, descriptor, false, null, null, returnsFuture ? "futureReturned" : null,
            returnsFuture ? After.OBJECT_RESULT : null, arg, Probes.WRAP_TASK));
    }

    /** A call that hands work to run later or elsewhere, with task argument {@code task} (or -1), see {@link Hook}. */
    private static void schedules(String family, String name, String descriptor, int task, After result, String probe) {
        add(new Hook(family, name, descriptor, false, null, null, probe, result, task, task >= 0 ? Probes.WRAP_TASK : null, true));
    }

    private static void schedulesStatic(String family, String name, String descriptor, int task, String probe) {
        add(new Hook(family, name, descriptor, true, null, null, probe, After.OBJECT_RESULT, task, task >= 0 ? Probes.WRAP_TASK : null, true));
    }

    /** {@code Timer.name(TimerTask, rest...)}, returning nothing. */
    private static void timer(String name, String rest, String probe) {
        schedules(TIMER, name, "(Ljava/util/TimerTask;" + rest.substring(1) + "V", -1, After.NOTHING, probe);
    }

    /** A CompletionStage callback method and its two Async forms. */
    private static void stage(String name, String fn) {
        wrap(STAGE, name, "(" + fn + ")" + STAGE_TYPE, 0, true);
        wrap(STAGE, name + "Async", "(" + fn + ")" + STAGE_TYPE, 0, true);
        wrap(STAGE, name + "Async", "(" + fn + "Ljava/util/concurrent/Executor;)" + STAGE_TYPE, 0, true);
    }
}
