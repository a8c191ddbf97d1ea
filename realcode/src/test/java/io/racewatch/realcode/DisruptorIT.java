package io.racewatch.realcode;

import org.junit.jupiter.api.Test;
import realprograms.DisruptorPipeline;

import static io.racewatch.realcode.RealCodeAssertions.assertLostUpdate;
import static io.racewatch.realcode.RealCodeAssertions.assertSilent;

/**
 * LMAX Disruptor 4 under {@code include=*}: producers reusing ring slots whose events carry
 * plain maps, handed over by sequences published with fences around plain fields. Correct use:
 * nothing may be reported (before fences were modelled, every reused slot's map was a false
 * {@code map-unsafe}). Its twin counts in one plain map from two parallel handlers: the lost update.
 */
class DisruptorIT {
    @Test
    void producersReusingRingSlotsAndOneHandlerAreSilent() throws Exception {
        assertSilent(ChildJvm.of(DisruptorPipeline.class), "sum 18000 of 18000\n");
    }

    @Test
    void twoParallelHandlersCountingInOnePlainMapLoseAnUpdate() throws Exception {
        assertLostUpdate(ChildJvm.of(DisruptorPipeline.class).args("shared-map"), "marked counted 1 of 2\n",
            "DisruptorPipeline.arrivals java.util.HashMap marked", "DisruptorPipeline.count");
    }
}
