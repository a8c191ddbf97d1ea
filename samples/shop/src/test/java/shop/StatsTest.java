package shop;

import io.racewatch.junit.RaceWatch;
import org.junit.jupiter.api.Test;

/** A known race, allowed with its reason: the test passes and the reports say why. */
class StatsTest {
    @Test
    @RaceWatch(allow = @RaceWatch.Allow(value = "map-rmw:Stats.hit", reason = "page hit counts are approximate by design"))
    void concurrentHits() throws InterruptedException {
        Stats stats = new Stats();
        Concurrently.run(() -> stats.hit("/"), () -> stats.hit("/"));
    }
}
