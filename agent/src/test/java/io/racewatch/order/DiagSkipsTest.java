package io.racewatch.order;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiagSkipsTest {
    @Test
    void withoutThePropertyNothingIsSkipped() {
        assertFalse(DiagSkips.VOLATILES);
        assertFalse(DiagSkips.skipsClass(OrderPoints.FUTURE_TASK));
        assertFalse(DiagSkips.skipsClass("java/util/concurrent/atomic/AtomicInteger"));
    }

    @Test
    void aFamilyLeavesItsClassesUnhookedAndNoOthers() {
        assertTrue(DiagSkips.skips("futures", "java/util/concurrent/FutureTask"));
        assertTrue(DiagSkips.skips("futures", "java/util/concurrent/CompletableFuture$UniApply"));
        assertFalse(DiagSkips.skips("futures", "java/util/concurrent/ThreadPoolExecutor"));
        assertTrue(DiagSkips.skips("executors,aqs", "java/util/concurrent/ScheduledThreadPoolExecutor"));
        assertTrue(DiagSkips.skips("executors,aqs", "java/util/concurrent/locks/AbstractQueuedSynchronizer"));
        assertTrue(DiagSkips.skips(" atomics ", "sun/misc/Unsafe"));
        assertTrue(DiagSkips.skips("updaters", "java/util/concurrent/atomic/AtomicReferenceFieldUpdater$AtomicReferenceFieldUpdaterImpl"));
        assertFalse(DiagSkips.skips("updaters", "java/util/concurrent/atomic/AtomicReferenceArray"));
        assertTrue(DiagSkips.skips("maps", "java/util/concurrent/ConcurrentHashMap$KeyIterator"));
        assertFalse(DiagSkips.skips("maps", "java/lang/Thread"));
        assertFalse(DiagSkips.skips("volatiles", "java/util/concurrent/atomic/AtomicInteger"));
    }
}
