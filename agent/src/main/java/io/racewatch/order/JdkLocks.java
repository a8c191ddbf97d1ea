package io.racewatch.order;

import io.racewatch.runtime.Faults;
import io.racewatch.runtime.JavaBase;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.AbstractOwnableSynchronizer;

/**
 * {@code ReentrantLock}'s synchronizers, hooked inside the JDK ({@link OrderPoints}: the AQS
 * release on entry, the acquisitions on exit). Every hooked event on such a var is made by the
 * lock's holder, so the lock itself orders them: a release by a holder that knows everything
 * released into the var so far takes it over as its sole releaser ({@link SyncVar#releaseExclusive}),
 * as the program's own locks do. Without that, the first hand-off between two threads (a pool's
 * worker parking on its queue's condition, the caller's next offer) made the var shared for good,
 * and every later release raised its clock with compare-and-sets and counted a version.
 *
 * <p>A release by a thread that does not hold the lock (an illegal unlock, about to throw) takes
 * the ordinary path: only the owner's releases are serialized by the lock.
 */
final class JdkLocks {
    /**
     * The classes and the owner field, constants to the JIT once found. In a class of its own,
     * initialized by {@link #find} once the package is open (as ThreadTable's ids), in premain
     * before the JDK's hooks are installed. Whatever is not found leaves every release on the
     * ordinary path, the behaviour before this class.
     */
    private static final class Found {
        static final Class<?> NONFAIR = type("java.util.concurrent.locks.ReentrantLock$NonfairSync");
        static final Class<?> FAIR = type("java.util.concurrent.locks.ReentrantLock$FairSync");
        static final VarHandle OWNER = ownerField();
        /** False when any of the three is missing (another JDK's names): nothing is taken for a lock then. */
        static final boolean ALL = NONFAIR != null && FAIR != null && OWNER != null;
    }

    private JdkLocks() {
    }

    /** Opens the package and finds the classes and the owner field; called once at start-up. */
    static void find(Instrumentation instrumentation) {
        try {
            JavaBase.open(instrumentation, "java.util.concurrent.locks");
        } catch (RuntimeException e) {
            Faults.report("opening java.util.concurrent.locks", e);
        }
        if (!Found.ALL) {
            Faults.report("finding ReentrantLock's synchronizers", new IllegalStateException("not found"));
        }
    }

    /** True when {@code sync} is a ReentrantLock's synchronizer and the current thread holds it. */
    static boolean heldHere(Object sync) {
        Class<?> c = sync.getClass();
        return Found.ALL && (c == Found.NONFAIR || c == Found.FAIR)
            && (Thread) Found.OWNER.get((AbstractOwnableSynchronizer) sync) == Thread.currentThread();
    }

    private static Class<?> type(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static VarHandle ownerField() {
        try {
            return MethodHandles.privateLookupIn(AbstractOwnableSynchronizer.class, MethodHandles.lookup())
                .findVarHandle(AbstractOwnableSynchronizer.class, "exclusiveOwnerThread", Thread.class);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
