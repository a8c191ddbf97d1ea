package io.racewatch.detect;

import io.racewatch.runtime.Site;
import io.racewatch.runtime.Sites;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** An earlier access of the current thread gets the call path it really took, from the live stack. */
class AccessStacksTest {
    private final Site read = Sites.get(Sites.register("app.Cache", "lookup", "Cache.java", 12, null));

    @Test
    void theReadsFrameOverTheLiveFramesBelowItsMethod() {
        String[] live = {"app.Cache.store(Cache.java:30)", "app.Cache.lookup(Cache.java:14)", "app.Service.second(Service.java:9)",
            "java.base/java.lang.Thread.run(Thread.java:840)"};
        assertArrayEquals(new String[] {"app.Cache.lookup(Cache.java:12)", "app.Service.second(Service.java:9)",
            "java.base/java.lang.Thread.run(Thread.java:840)"}, MapRaceDetector.stillOnStack(read, live, new String[] {"first"}));
    }

    @Test
    void aMethodNoLongerRunningKeepsTheSitesStack() {
        String[] live = {"app.Cache.store(Cache.java:30)", "app.Service.first(Service.java:5)"};
        assertArrayEquals(new String[] {"first"}, MapRaceDetector.stillOnStack(read, live, new String[] {"first"}));
    }
}
