package io.racewatch.tasks;

import io.racewatch.runtime.ThreadState;
import io.racewatch.runtime.TrackingOn;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A wrapped task's end orders before its future's readers whichever comes first, the run's end
 * or the binding of the future (the var of the end is made by the first of them).
 */
@ExtendWith(TrackingOn.class)
class WrappedTaskTest {
    @Test
    void aTaskThatEndedBeforeItsFutureWasBoundOrdersItsEndBeforeTheFuturesReader() throws Exception {
        assertTrue(endOrdersBeforeReader(true));
    }

    @Test
    void aTaskBoundBeforeItRanOrdersItsEndBeforeTheFuturesReader() throws Exception {
        assertTrue(endOrdersBeforeReader(false));
    }

    /** Submits on this thread, runs on a second, reads the future on a third: whether the third joined the second's run. */
    private static boolean endOrdersBeforeReader(boolean runFirst) throws Exception {
        ThreadState.current(); // the submitter
        Future<Object> foreign = new ForeignFuture();
        Runnable wrapped = (Runnable) TaskProbes.wrapTask((Runnable) () -> { }, null, 0);
        assertTrue(wrapped instanceof WrappedTask, "a lambda is wrapped");
        AtomicInteger runner = new AtomicInteger(-1);
        AtomicInteger runnerOwn = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1); // the runner stays alive meanwhile: its clock slot is not handed on
        Thread run = new Thread(() -> {
            ThreadState ts = ThreadState.current();
            runner.set(ts.tid);
            runnerOwn.set(ts.own());
            wrapped.run();
            ran.countDown();
            try {
                read.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (!runFirst) {
            TaskProbes.futureReturned(foreign, null, 0);
        }
        run.start();
        ran.await();
        if (runFirst) {
            TaskProbes.futureReturned(foreign, null, 0);
        }
        int[] seen = new int[1];
        Thread reader = new Thread(() -> {
            TaskProbes.futureGot(foreign, 0);
            int[] vc = ThreadState.current().vcNow();
            seen[0] = runner.get() < vc.length ? vc[runner.get()] : 0;
        });
        reader.start();
        reader.join();
        read.countDown();
        run.join();
        return seen[0] >= runnerOwn.get() && seen[0] > 0;
    }

    /** A future that is not the JDK's: bound to the task's end by racewatch. */
    private static final class ForeignFuture implements Future<Object> {
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, java.util.concurrent.TimeUnit unit) {
            return null;
        }
    }
}
