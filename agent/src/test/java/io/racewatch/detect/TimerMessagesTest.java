package io.racewatch.detect;

import io.racewatch.tasks.Schedule;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How a timer finding words the schedule, the next run and the owner. */
class TimerMessagesTest {
    @Test
    void schedulesAreSaidAsAPersonWouldSayThem() {
        assertEquals("every 50 ms at a fixed rate, first after 10 ms",
            TimerMessages.when(new Schedule("scheduleAtFixedRate", Schedule.Kind.FIXED_RATE, ms(10), ms(50))));
        assertEquals("every 50 ms after the previous run ends, first after 0 ms",
            TimerMessages.when(new Schedule("scheduleWithFixedDelay", Schedule.Kind.FIXED_DELAY, 0, ms(50))));
        assertEquals("once, after 300000 ms", TimerMessages.when(new Schedule("schedule", Schedule.Kind.ONCE, ms(300_000), 0)));
        assertEquals("a timeout of 5000 ms", TimerMessages.when(new Schedule("orTimeout", Schedule.Kind.TIMEOUT, ms(5000), 0)));
        assertEquals("background work", TimerMessages.when(new Schedule("submit", Schedule.Kind.BACKGROUND, 0, 0)));
    }

    @Test
    void nextRunIsAheadOverdueOrUnknown() {
        assertEquals("next run in 37 ms", TimerMessages.next(37L));
        assertEquals("its run is overdue by 4 ms", TimerMessages.next(-4L));
        assertEquals("it is waiting for a thread of its executor", TimerMessages.next(null));
    }

    @Test
    void ownersAreNamedByTheirSimpleClassAndIdentity() {
        assertEquals("Connection@1b6d3586", TimerMessages.simple("demo.jobs.Connection@1b6d3586"));
        assertEquals("Outer$Inner@ff", TimerMessages.simple("com.acme.Outer$Inner@ff"));
        assertEquals("Plain", TimerMessages.simple("Plain"));
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
