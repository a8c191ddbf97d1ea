package io.racewatch.order;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where the JDK's synchronizers make their happens-before edges: the methods and fields of
 * {@code java.base} classes (and {@code sun.misc.Unsafe}, of {@code jdk.unsupported}) that
 * {@link OrderClassVisitor} instruments. Private methods are
 * matched by name sets that cover JDK 17 to 25 (a name absent from one version is simply not
 * found there).
 */
final class OrderPoints {
    /** What a hooked method records. */
    enum Edge {
        /** On entry: releases {@code this} (the completion or hand-off is about to be published). */
        RELEASE_THIS,
        /** On entry of a FutureTask's cancel: releases the var of all cancellations ({@link OrderProbes#futureCancelling}). */
        FUTURE_CANCEL,
        /** On normal exit: releases the object returned (a Cleaner's registration: the cleanable that will run the action). */
        RELEASE_RESULT,
        /** On entry: releases the first argument (a task pushed on a fork-join queue). */
        RELEASE_FIRST_ARG,
        /** On normal exit: acquires {@code this}; by return type: void always, boolean if true, int if positive, reference (or array) if non-null. */
        ACQUIRE_AFTER,
        /** On entry: acquires {@code this} (a Cleaner's cleanable about to run its action). */
        ACQUIRE_BEFORE,
        /** On normal exit, int result: acquires {@code this} if non-negative (Semaphore's non-fair try). */
        ACQUIRE_IF_NON_NEGATIVE,
        /** On normal exit, int result: acquires {@code this} if zero (a latch's count). */
        ACQUIRE_IF_ZERO,
        /** On entry of Thread.start: the child begins knowing what its parent knew. */
        THREAD_START,
        /** On normal exit of Thread.join: the joiner knows what the ended thread did. */
        THREAD_JOIN,
        /**
         * On normal exit, where a thread sees that it was interrupted: {@code Thread.interrupted()} if it returned true (a
         * static method), an {@code InterruptedException}'s constructor always. Acquires the current thread, into which
         * {@code interrupt()} released ({@link OrderProbes#interruptSeen}).
         */
        INTERRUPT_SEEN,
        /** On entry: a CountedCompleter reports to its ancestors. */
        COMPLETER_REPORTS,
        /** A fork/join task's run: acquires the task on entry; on exit releases the pool it ran in (for quiescence). */
        TASK_RUN,
        /** On entry releases {@code this}, on normal exit acquires it (an exchange: each side receives the other's past). */
        RELEASE_AND_ACQUIRE,
        /**
         * On entry acquires {@code this}, on normal exit releases it: a call into the application that receives what was
         * released into {@code this} and passes its own past on to the next such call, whichever thread makes it
         * (the methods hooked so catch every throwable of the call themselves).
         */
        CALLBACK,
        /** An atomic's read: on normal exit, acquires {@code this} if anyone released into it. */
        ATOMIC_READ,
        /** An atomic's write: on entry, releases {@code this}. */
        ATOMIC_WRITE,
        /** An atomic's read-modify-write (CAS, getAndSet, getAndAdd...): both. */
        ATOMIC_UPDATE,
        /**
         * A volatile or acquiring read of a field or element of the first argument ({@code sun.misc.Unsafe}, a field
         * updater): on normal exit, acquires that object (an array as a whole) if anyone released into it.
         */
        OBJECT_READ,
        /** A volatile, ordered or releasing write to the first argument's field or element: on entry, releases it. */
        OBJECT_WRITE,
        /** A compare-and-swap or get-and-set/add on the first argument's field or element: both. */
        OBJECT_UPDATE,
        /**
         * A sorted concurrent map's update: on entry, releases the map ({@link OrderProbes#mapWriting}: checked code's
         * own calls, which the map model judges, into a var of their own).
         */
        MAP_WRITE,
        /** A sorted concurrent map's retrieval or traversal: on normal exit, acquires the map ({@link OrderProbes#mapRead}). */
        MAP_READ,
        /**
         * A ConcurrentHashMap's traversal (a view's forEach or spliterator, the map's own forEach, search, reduce,
         * containsValue...): on entry and on normal exit, acquires every key of the map ({@link OrderProbes#mapTraversed}):
         * {@code this}, or a view's {@code map} field.
         */
        MAP_TRAVERSED,
        /**
         * A ConcurrentHashMap iterator's {@code next}: on normal exit, acquires the key of the node it returned
         * ({@code lastReturned.hash}) in its {@code map} ({@link OrderProbes#keySeen}).
         */
        MAP_ELEMENT,
        /**
         * A concurrent map's constructor: on normal exit, the map is given its vars if code outside the JDK made it
         * ({@link OrderProbes#concurrentMapMade}): the JDK's own maps (class-loading locks, interned method types)
         * would order threads that merely load or link the same classes.
         */
        MAP_MADE,
    }

    static final String CF = "java/util/concurrent/CompletableFuture";
    static final String FUTURE_TASK = "java/util/concurrent/FutureTask";
    static final String FJ_TASK = "java/util/concurrent/ForkJoinTask";
    static final String FJ_POOL = "java/util/concurrent/ForkJoinPool";
    static final String COMPLETER = "java/util/concurrent/CountedCompleter";
    static final String PHASER = "java/util/concurrent/Phaser";
    /**
     * java.util.Timer's thread: its call of {@code TimerTask.run} acquires the task that sched
     * released, whatever the task's class (one of an excluded library has no boundary probe).
     */
    static final String TIMER_THREAD = "java/util/TimerThread";
    private static final String ATOMIC = "java/util/concurrent/atomic/";
    /**
     * The cleaning action of every {@code java.lang.ref.Cleaner} registration; loaded at start-up (reading a jar
     * registers one, perhaps first inside one of racewatch's transformers).
     */
    static final String CLEANABLE = "jdk/internal/ref/PhantomCleanable";
    /** Loaded at start-up: racewatch's own code may first load it inside a transformer, where it would not be hooked. */
    static final String INTERRUPTED_EXCEPTION = "java/lang/InterruptedException";
    /** Only libraries call it (the JDK has its own internal Unsafe): hooking it taxes no JDK code. */
    static final String UNSAFE = "sun/misc/Unsafe";

    /**
     * ConcurrentHashMap: an update of a key happens-before a retrieval of that key that sees it
     * (per key, see {@link KeyedVars}). Hooked where each method has the key's spread hash in a local.
     */
    static final String CHM = "java/util/concurrent/ConcurrentHashMap";
    /** The methods every retrieval and update of a ConcurrentHashMap passes through (get, put, remove, replace, compute...). */
    private static final Set<String> KEYED = Set.of("get", "putVal", "replaceNode", "computeIfAbsent", "computeIfPresent",
        "compute", "merge");
    /** Those that may store the caller's value as soon as they have the hash (the compute family stores its function's). */
    private static final Set<String> WRITES_AT_HASH = Set.of("putVal", "replaceNode", "merge");

    private static final Map<String, Map<String, Edge>> METHODS = new HashMap<>();

    static {
        // Threads (VirtualThread exists from JDK 21).
        hook("java/lang/Thread", Edge.THREAD_START, "start");
        hook("java/lang/VirtualThread", Edge.THREAD_START, "start");
        hook("java/lang/Thread", Edge.THREAD_JOIN, "join");
        // Interrupts (JLS 17.4.4): an interrupt happens-before whoever sees the thread interrupted, by
        // isInterrupted, interrupted() or an InterruptedException (the JVM makes the one that sleep and
        // wait throw, with no Java code between the interrupt and the exception). Per thread: the thread's
        // own object is the var (its start and join go through the thread registry, not this var).
        // getAndClearInterrupt is what interrupted() and the JDK's waits use from JDK 21.
        for (String thread : new String[] {"java/lang/Thread", "java/lang/VirtualThread"}) {
            hook(thread, Edge.RELEASE_THIS, "interrupt");
            hook(thread, Edge.ACQUIRE_AFTER, "isInterrupted", "getAndClearInterrupt");
        }
        hook("java/lang/Thread", Edge.INTERRUPT_SEEN, "interrupted");
        hook(INTERRUPTED_EXCEPTION, Edge.INTERRUPT_SEEN, "<init>");
        // Cleaner: what a thread did before it registered a cleaning action happens-before the action
        // (the JDK orders them through the cleanables' list's monitor, which racewatch does not see):
        // per cleanable, released by register, acquired by clean(), on the cleaner's thread or any other.
        // Not at the cleanable's constructor: on JDK 25 a subclass that class data sharing loads after
        // the hooks were installed calls the constructor as it was before them.
        hook("java/lang/ref/Cleaner", Edge.RELEASE_RESULT, "register");
        hook(CLEANABLE, Edge.ACQUIRE_BEFORE, "clean");

        // The AbstractQueuedSynchronizer family: every ReentrantLock, ReentrantReadWriteLock,
        // CountDownLatch, Semaphore, CyclicBarrier (a lock and its condition), executor worker
        // and main lock, and every synchronizer written on AQS. The state is the volatile that
        // orders: released by release/releaseShared, received by the acquire templates (a
        // condition's await re-acquires through the internal acquire loop).
        for (String aqs : new String[] {"java/util/concurrent/locks/AbstractQueuedSynchronizer",
            "java/util/concurrent/locks/AbstractQueuedLongSynchronizer"}) {
            hook(aqs, Edge.RELEASE_THIS, "release", "releaseShared");
            hook(aqs, Edge.ACQUIRE_AFTER, "acquire", "acquireInterruptibly", "tryAcquireNanos",
                "acquireShared", "acquireSharedInterruptibly", "tryAcquireSharedNanos");
        }
        // Fast paths that take the state without the templates.
        hook("java/util/concurrent/locks/ReentrantLock$Sync", Edge.ACQUIRE_AFTER, "lock", "lockInterruptibly", "tryLock", "tryLockNanos");
        hook("java/util/concurrent/locks/ReentrantReadWriteLock$Sync", Edge.ACQUIRE_AFTER, "tryWriteLock", "tryReadLock");
        hook("java/util/concurrent/Semaphore$Sync", Edge.ACQUIRE_IF_NON_NEGATIVE, "nonfairTryAcquireShared");
        hook("java/util/concurrent/CountDownLatch$Sync", Edge.ACQUIRE_IF_ZERO, "getCount");

        // FutureTask: completion publishes (the state reads are hooked as fields).
        hook(FUTURE_TASK, Edge.RELEASE_THIS, "set", "setException");
        hook(FUTURE_TASK, Edge.FUTURE_CANCEL, "cancel");

        // Thread pools: a submission happens-before the worker's pick-up (one var per executor,
        // so tasks submitted earlier are ordered before a later pick-up too: this can hide a
        // race between two tasks, never invent one); a worker's exit before termination is seen.
        hook("java/util/concurrent/ThreadPoolExecutor", Edge.RELEASE_THIS, "execute", "tryTerminate");
        // java.util.Timer: every schedule call passes through sched, before the timer thread can
        // see the task; the task's run acquires it (a boundary in the task's own class).
        hook("java/util/Timer", Edge.RELEASE_FIRST_ARG, "sched");
        hook("java/util/concurrent/ThreadPoolExecutor", Edge.ACQUIRE_AFTER, "getTask", "isTerminated", "awaitTermination");
        hook("java/util/concurrent/ScheduledThreadPoolExecutor", Edge.RELEASE_THIS, "delayedExecute", "reExecutePeriodic");

        // Fork/join: a push (fork or external submission) happens-before the run; completion
        // publishes (the status reads are hooked as fields).
        hook(FJ_POOL + "$WorkQueue", Edge.RELEASE_FIRST_ARG, "push", "lockedPush");
        hook(FJ_TASK, Edge.TASK_RUN, "doExec");
        // Quiescence and termination: every task run in the pool happens-before (one var per pool).
        hook(FJ_POOL, Edge.ACQUIRE_AFTER, "awaitQuiescence", "awaitTermination", "isQuiescent", "isTerminated");
        hook(FJ_TASK, Edge.RELEASE_THIS, "setDone", "trySetCancelled", "trySetThrown", "trySetException");
        hook(COMPLETER, Edge.COMPLETER_REPORTS, "tryComplete", "propagateCompletion");

        // StampedLock: every unlock (stamped, unstamped from its Lock views, try, or a write lock
        // converted down) releases; every acquisition that returns a non-zero stamp acquires, and
        // so does an optimistic read (its reads follow it) and a validation that succeeded.
        String stamped = "java/util/concurrent/locks/StampedLock";
        hook(stamped, Edge.RELEASE_THIS, "unlockWrite", "unlockRead", "unlock", "tryUnlockWrite", "tryUnlockRead",
            "unstampedUnlockWrite", "unstampedUnlockRead", "tryConvertToOptimisticRead");
        hook(stamped, Edge.ACQUIRE_AFTER, "writeLock", "readLock", "writeLockInterruptibly", "readLockInterruptibly",
            "tryWriteLock", "tryReadLock", "tryConvertToWriteLock", "tryConvertToReadLock", "tryOptimisticRead", "validate");
        // (A write lock converted to a read lock publishes at the read lock's unlock.)

        // Phaser: an arrival releases, the parties that see the phase advance acquire; a tiered
        // phaser synchronizes through its root (the field every tier shares).
        hook(PHASER, Edge.RELEASE_THIS, "arrive", "arriveAndDeregister");
        hook(PHASER, Edge.RELEASE_AND_ACQUIRE, "arriveAndAwaitAdvance");
        hook(PHASER, Edge.ACQUIRE_AFTER, "awaitAdvance", "awaitAdvanceInterruptibly");
        // Exchanger: each side releases on entry and acquires the other's release on return.
        hook("java/util/concurrent/Exchanger", Edge.RELEASE_AND_ACQUIRE, "exchange");

        // SubmissionPublisher: what the publisher does before it offers an item (or subscribes,
        // completes, fails) happens-before the subscriber's call that receives it, and each of the
        // subscriber's calls before the next, per subscription (the consumer task may move between
        // threads, and items reach a running one through the subscription's array alone).
        String subscription = "java/util/concurrent/SubmissionPublisher$BufferedSubscription";
        hook(subscription, Edge.RELEASE_THIS, "offer", "onSubscribe", "onComplete", "onError");
        hook(subscription, Edge.CALLBACK, "consumeNext", "consumeSubscribe", "consumeComplete", "consumeError");

        // The JDK's queues that are not built on AQS: an insertion releases the queue, a removal
        // or peek that returns an element acquires it (per queue, not per element).
        hook("java/util/concurrent/ConcurrentLinkedQueue", Edge.RELEASE_THIS, "offer", "addAll");
        hook("java/util/concurrent/ConcurrentLinkedQueue", Edge.ACQUIRE_AFTER, "poll", "peek");
        hook("java/util/concurrent/ConcurrentLinkedDeque", Edge.RELEASE_THIS, "linkFirst", "linkLast", "addAll");
        hook("java/util/concurrent/ConcurrentLinkedDeque", Edge.ACQUIRE_AFTER, "pollFirst", "pollLast", "peekFirst", "peekLast");
        for (String q : new String[] {"java/util/concurrent/LinkedTransferQueue", "java/util/concurrent/SynchronousQueue"}) {
            hook(q, Edge.RELEASE_THIS, "put", "offer", "add", "transfer", "tryTransfer");
            hook(q, Edge.ACQUIRE_AFTER, "take", "poll", "peek");
        }

        // CopyOnWriteArrayList (and CopyOnWriteArraySet, built on one): every change publishes a
        // new array through setArray, every read (get, iteration, contains, size) takes the array
        // from getArray: per list, a change happens-before every later read.
        hook("java/util/concurrent/CopyOnWriteArrayList", Edge.RELEASE_THIS, "setArray");
        hook("java/util/concurrent/CopyOnWriteArrayList", Edge.ACQUIRE_AFTER, "getArray");

        // ConcurrentSkipListMap (and ConcurrentSkipListSet, built on one), per map: every update
        // passes through these methods, every retrieval and every iterator starts from these.
        String skipList = "java/util/concurrent/ConcurrentSkipListMap";
        hook(skipList, Edge.MAP_WRITE, "doPut", "doRemove", "replace", "computeIfPresent", "compute", "merge",
            "doRemoveFirstEntry", "doRemoveLastEntry");
        hook(skipList, Edge.MAP_READ, "doGet", "baseHead", "findFirst", "findLast", "findNear", "findFirstEntry",
            "findLastEntry", "findNearEntry");
        // A map is made by a constructor, or by deserialization, which runs none of the map's own.
        hook(skipList, Edge.MAP_MADE, "<init>", "readObject");
        hook(CHM, Edge.MAP_MADE, "<init>", "readObject");
        // ConcurrentHashMap's traversals: a value found by iterating is as published as one found by
        // get. An iterator (keys, values, entries, enumerations) acquires each element's key as it
        // returns it; the bulk methods and the views' forEach and spliterator acquire every key at
        // their start and their end (an update made while one runs orders what follows it).
        hook(CHM, Edge.MAP_TRAVERSED, "forEach", "forEachKey", "forEachValue", "forEachEntry", "containsValue", "contains",
            "toString", "equals", "hashCode", "search", "searchKeys", "searchValues", "searchEntries",
            "reduce", "reduceKeys", "reduceValues", "reduceEntries", "reduceToLong", "reduceToInt", "reduceToDouble",
            "reduceKeysToLong", "reduceKeysToInt", "reduceKeysToDouble", "reduceValuesToLong", "reduceValuesToInt",
            "reduceValuesToDouble", "reduceEntriesToLong", "reduceEntriesToInt", "reduceEntriesToDouble");
        for (String iterator : new String[] {"$KeyIterator", "$ValueIterator", "$EntryIterator"}) {
            hook(CHM + iterator, Edge.MAP_ELEMENT, "next");
        }
        for (String view : new String[] {"$KeySetView", "$ValuesView", "$EntrySetView"}) {
            hook(CHM + view, Edge.MAP_TRAVERSED, "forEach", "spliterator");
        }

        // Atomics, per object (an array as a whole; a field updater per field). Methods that only
        // combine get and weakCompareAndSetVolatile (getAndUpdate, accumulateAndGet...) are
        // covered by those two and not hooked themselves.
        // A field updater orders per object whose field it updates (its first argument): the var a
        // volatile read of that field, a VarHandle or Unsafe on the object use too.
        for (String a : new String[] {"AtomicBoolean", "AtomicInteger", "AtomicLong", "AtomicReference",
            "AtomicIntegerArray", "AtomicLongArray", "AtomicReferenceArray",
            "AtomicIntegerFieldUpdater$AtomicIntegerFieldUpdaterImpl", "AtomicLongFieldUpdater$CASUpdater",
            "AtomicLongFieldUpdater$LockedUpdater", "AtomicReferenceFieldUpdater$AtomicReferenceFieldUpdaterImpl"}) {
            String owner = ATOMIC + a;
            boolean updater = a.contains("FieldUpdater");
            hook(owner, updater ? Edge.OBJECT_READ : Edge.ATOMIC_READ, "get", "getPlain", "getOpaque", "getAcquire");
            hook(owner, updater ? Edge.OBJECT_WRITE : Edge.ATOMIC_WRITE, "set", "lazySet", "setPlain", "setOpaque", "setRelease");
            hook(owner, updater ? Edge.OBJECT_UPDATE : Edge.ATOMIC_UPDATE, "getAndSet", "compareAndSet", "weakCompareAndSet",
                "weakCompareAndSetPlain", "weakCompareAndSetVolatile", "weakCompareAndSetAcquire", "weakCompareAndSetRelease",
                "compareAndExchange", "compareAndExchangeAcquire", "compareAndExchangeRelease",
                "getAndIncrement", "getAndDecrement", "getAndAdd", "incrementAndGet", "decrementAndGet", "addAndGet");
        }
        // The striped counters: an add publishes, a sum receives (per counter). increment and
        // decrement call add; longValue, intValue and the like call sum.
        for (String a : new String[] {"LongAdder", "DoubleAdder"}) {
            hook(ATOMIC + a, Edge.ATOMIC_WRITE, "add", "reset");
            hook(ATOMIC + a, Edge.ATOMIC_READ, "sum");
            hook(ATOMIC + a, Edge.ATOMIC_UPDATE, "sumThenReset");
        }
        for (String a : new String[] {"LongAccumulator", "DoubleAccumulator"}) {
            hook(ATOMIC + a, Edge.ATOMIC_WRITE, "accumulate", "reset");
            hook(ATOMIC + a, Edge.ATOMIC_READ, "get");
            hook(ATOMIC + a, Edge.ATOMIC_UPDATE, "getThenReset");
        }

        // sun.misc.Unsafe (JCTools, Netty's shaded JCTools, Caffeine 2, older libraries): its
        // volatile and ordered accesses and its atomic updates, per object (an array as a whole;
        // a static field per class, whose static base is the class). Plain get/put never.
        String[] types = {"Object", "Int", "Long", "Boolean", "Byte", "Short", "Char", "Float", "Double"};
        for (String t : types) {
            hook(UNSAFE, Edge.OBJECT_READ, "get" + t + "Volatile");
            hook(UNSAFE, Edge.OBJECT_WRITE, "put" + t + "Volatile");
        }
        hook(UNSAFE, Edge.OBJECT_WRITE, "putOrderedObject", "putOrderedInt", "putOrderedLong");
        hook(UNSAFE, Edge.OBJECT_UPDATE, "compareAndSwapObject", "compareAndSwapInt", "compareAndSwapLong",
            "getAndAddInt", "getAndAddLong", "getAndSetInt", "getAndSetLong", "getAndSetObject");

        for (String a : new String[] {"AtomicStampedReference", "AtomicMarkableReference"}) {
            String owner = ATOMIC + a;
            hook(owner, Edge.ATOMIC_READ, "get", "getReference", "getStamp", "isMarked");
            hook(owner, Edge.ATOMIC_WRITE, "set");
            hook(owner, Edge.ATOMIC_UPDATE, "compareAndSet", "weakCompareAndSet", "attemptStamp", "attemptMark");
        }
    }

    /**
     * The field through which a class's instances synchronize instead of {@code this}, or null:
     * a tiered Phaser's parties all advance with its root.
     */
    static String syncField(String internalName) {
        return internalName.equals(PHASER) ? "root" : null;
    }

    private OrderPoints() {
    }

    private static void hook(String owner, Edge edge, String... names) {
        Map<String, Edge> byName = METHODS.get(owner); // not computeIfAbsent(lambda): a class spun at start-up
        if (byName == null) {
            byName = new HashMap<>();
            METHODS.put(owner, byName);
        }
        for (String n : names) {
            byName.put(n, edge);
        }
    }

    /** The methods hooked in {@code internalName}, by name; empty when none. */
    static Map<String, Edge> methodsOf(String internalName) {
        return METHODS.getOrDefault(internalName, Map.of());
    }

    /** CompletableFuture and its nested completions read and write {@code result}. */
    static boolean readsResult(String internalName) {
        return internalName.equals(CF) || internalName.startsWith(CF + "$");
    }

    /** Fork/join classes read {@code ForkJoinTask.status}. */
    static boolean readsTaskStatus(String internalName) {
        return internalName.equals(FJ_TASK) || internalName.startsWith(FJ_TASK + "$") || internalName.equals(COMPLETER)
            || internalName.equals(FJ_POOL) || internalName.startsWith(FJ_POOL + "$");
    }

    /** A field named {@code status} of a fork/join task (the owner is the static type at the read). */
    static boolean isTaskStatus(String owner, String name, String descriptor) {
        return "status".equals(name) && "I".equals(descriptor)
            && (owner.equals(FJ_TASK) || owner.equals(COMPLETER) || owner.startsWith(FJ_TASK + "$"));
    }

    /** Whether {@code method} of {@code internalName} is hooked per key (a ConcurrentHashMap retrieval or update). */
    static boolean keyed(String internalName, String method) {
        return internalName.equals(CHM) && KEYED.contains(method);
    }

    /** Whether the keyed {@code method} publishes as soon as it has the key's hash. */
    static boolean writesAtHash(String method) {
        return WRITES_AT_HASH.contains(method);
    }

    /**
     * Whether the class's own monitors order ({@link JdkMonitors}): {@code Vector} and {@code Stack}, and the
     * wrappers {@code Collections.synchronizedList}, {@code synchronizedSet}, {@code synchronizedCollection} and
     * the sorted and navigable sets return (a synchronized map's views among them), through which programs hand
     * lists and sets from thread to thread. The synchronized maps and {@code Hashtable} only release ({@link #monitorsRelease}).
     */
    static boolean monitorsOrder(String internalName) {
        return internalName.equals(VECTOR) || internalName.equals(STACK)
            || (internalName.startsWith(SYNCHRONIZED_WRAPPER) && !internalName.endsWith("Map"));
    }

    /**
     * Whether the class's own monitors only release ({@link JdkMonitors}): the synchronized maps and
     * {@code Hashtable}. A map handed over through one of them by {@code get} is the map model's to order;
     * what they release is for the application's (or a library's) own {@code synchronized} on the map, as
     * their documentation asks for iterating them, and for their views' calls. Acquiring inside them would
     * order one checked call after another and hide every check-then-act race on them.
     */
    static boolean monitorsRelease(String internalName) {
        return internalName.equals(HASHTABLE)
            || (internalName.startsWith(SYNCHRONIZED_WRAPPER) && internalName.endsWith("Map"));
    }

    private static final String HASHTABLE = "java/util/Hashtable";
    private static final String VECTOR = "java/util/Vector";
    private static final String STACK = "java/util/Stack";
    private static final String SYNCHRONIZED_WRAPPER = "java/util/Collections$Synchronized";

    /** Whether any hook applies to the class. */
    static boolean instruments(String internalName) {
        return internalName != null && (METHODS.containsKey(internalName) || internalName.equals(CHM) || readsResult(internalName)
            || readsTaskStatus(internalName) || internalName.equals(FUTURE_TASK) || internalName.equals(TIMER_THREAD)
            || monitorsOrder(internalName) || monitorsRelease(internalName));
    }

    /**
     * {@link #instruments} for a loaded class's dotted name, as premain asks it of every class
     * loaded before it (about a thousand): a set look-up for most, the internal name built only for
     * a nested class of a hooked one (a {@code String.replace} per class was hot enough to be compiled by C2).
     */
    static boolean instrumentsLoaded(String dottedName) {
        Set<String> hooked = HookedDotted.NAMES;
        if (hooked.contains(dottedName)) {
            return true;
        }
        int dollar = dottedName.indexOf('$');
        return dollar > 0 && (hooked.contains(dottedName.substring(0, dollar)) || dottedName.startsWith("java.util.Collections$Synchronized"))
            && instruments(dottedName.replace('.', '/'));
    }

    /** The dotted names of the classes {@link #instruments} names whole (nested classes it matches by prefix excepted). */
    private static final class HookedDotted {
        static final Set<String> NAMES = names();

        private static Set<String> names() {
            Set<String> names = new java.util.HashSet<>();
            for (String c : METHODS.keySet()) {
                names.add(c.replace('/', '.'));
            }
            for (String c : new String[] {CHM, CF, FJ_TASK, COMPLETER, FJ_POOL, FUTURE_TASK, TIMER_THREAD, VECTOR, STACK, HASHTABLE}) {
                names.add(c.replace('/', '.'));
            }
            return names;
        }
    }

    /**
     * The hooked classes loaded at start-up (and hooked as they load): the atomics, the
     * AbstractQueuedSynchronizer family, ConcurrentLinkedQueue and ConcurrentHashMap's iterators and
     * views, which racewatch's own code or a
     * class loader's may load first inside one of racewatch's transformers, where the JVM would not
     * pass them to the hooks. The others (executors, fork/join, futures, phasers, stamped locks,
     * the other queues, timers) are hooked when the program first loads them: loading and hooking
     * them all at start-up was the largest part of racewatch's start-up.
     */
    static Set<String> loadedAtStart() {
        Set<String> eager = new java.util.HashSet<>();
        for (String c : METHODS.keySet()) {
            if (c.startsWith(ATOMIC) || c.startsWith("java/util/concurrent/locks/AbstractQueued") || c.endsWith("$Sync")
                || c.equals("java/util/concurrent/ConcurrentLinkedQueue") || c.equals("java/lang/Thread") || c.equals(INTERRUPTED_EXCEPTION) || c.equals(CLEANABLE)
                || c.equals("java/lang/ref/Cleaner")
                || c.startsWith(CHM + "$")) { // a map's iterators and views: racewatch's own code iterates maps
                eager.add(c);
            }
        }
        return eager;
    }
}
