package io.racewatch.tasks;

import org.junit.jupiter.api.Test;

import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallerWorkTest {
    /** Sites of their own: nothing else in this JVM asks about them. */
    private static final int HAND_OFF = 201;
    private static final int OWN = 202;
    private static final int MIXED = 203;

    /** An executor that asks, from a helper of its execute() or from a method of its own, whether it is handing on. */
    private static final class Pool implements Executor {
        boolean answer;
        int site = HAND_OFF;

        @Override
        public void execute(Runnable command) {
            startWorker();
        }

        private void startWorker() {
            answer = CallerWork.handedOn(this, site);
        }

        void housekeeping(int site) {
            answer = CallerWork.handedOn(this, site);
        }
    }

    @Test
    void workScheduledUnderTheOwnersExecuteIsACallersHandOff() {
        Pool pool = new Pool();
        pool.execute(() -> { });
        assertTrue(pool.answer);
    }

    @Test
    void workScheduledOutsideItIsTheExecutorsOwn() {
        Pool pool = new Pool();
        for (int i = 0; i < CallerWork.WALKS + 2; i++) {
            pool.housekeeping(OWN);
            assertFalse(pool.answer);
        }
    }

    @Test
    void anotherExecutorsExecuteOnTheStackIsNotThisOnes() {
        Pool pool = new Pool();
        Executor other = command -> pool.housekeeping(OWN + 10);
        other.execute(() -> { });
        assertFalse(pool.answer);
    }

    @Test
    void aSiteFoundHandingOnOnceStaysSoWithoutAWalk() {
        Pool pool = new Pool();
        pool.housekeeping(MIXED);
        assertFalse(pool.answer);
        pool.site = MIXED;
        pool.execute(() -> { });
        assertTrue(pool.answer);
        pool.housekeeping(MIXED);
        assertTrue(pool.answer, "the site's answer is kept: its other paths are not walked");
    }
}
