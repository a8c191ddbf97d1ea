package shop.legacy;

import org.junit.jupiter.api.Test;
import testkit.Turns;

import java.util.List;

/** The race here is suppressed in racewatch-suppressions.txt: the test passes and the suppression is counted. */
class AuditTrailTest {
    @Test
    void concurrentNotes() throws InterruptedException {
        AuditTrail trail = new AuditTrail();
        Turns turns = new Turns(2);
        List<Thread> threads = List.of(new Thread(() -> turns.take(0, () -> trail.note("login"))),
            new Thread(() -> turns.take(1, () -> trail.note("login"))));
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
