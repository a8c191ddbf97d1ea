package shop.legacy;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The race here is suppressed in racewatch-suppressions.txt: the test passes and the suppression is counted. */
class AuditTrailTest {
    @Test
    void concurrentNotes() throws InterruptedException {
        AuditTrail trail = new AuditTrail();
        List<Thread> threads = List.of(new Thread(() -> trail.note("login")), new Thread(() -> trail.note("login")));
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
