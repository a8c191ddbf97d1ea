package io.racewatch.junit;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How suite options, a class's annotation and a method's combine. */
class TestOptionsTest {
    private static TestOptions suite(Map<String, String> parameters) {
        return TestOptions.fromConfiguration(key -> Optional.ofNullable(parameters.get(key)));
    }

    private static RaceWatch on(String method) throws NoSuchMethodException {
        Method m = Annotated.class.getDeclaredMethod(method);
        return m.getAnnotation(RaceWatch.class);
    }

    @RaceWatch(warnOn = "lock-hold", allow = @RaceWatch.Allow(value = "race:Cache", reason = "warm-up only"))
    static class Annotated {
        @RaceWatch(failOn = "race", holdThresholdMs = 5, allow = @RaceWatch.Allow(value = "lock-order:Pool", reason = "ordered by design"))
        void narrow() {
        }

        @RaceWatch(failOn = "map-rwm")
        void misspelt() {
        }

        @RaceWatch(allow = @RaceWatch.Allow(value = "race:X", reason = " "))
        void noReason() {
        }
    }

    @Test
    void byDefaultEveryKindFails() {
        TestOptions o = suite(Map.of());
        assertTrue(o.fails("map-rmw") && o.fails("lock-hold") && o.fails("timer-outlives-owner"));
        assertEquals(0, o.holdThresholdMs());
        assertEquals("error", o.failAt(), "but only errors fail");
    }

    @Test
    void failAtComesFromTheSuiteOrTheAnnotation() throws Exception {
        assertEquals("note", suite(Map.of(TestOptions.FAIL_AT, "Note")).failAt());
        TestOptions method = suite(Map.of()).with(Severities.class.getDeclaredMethod("warnings").getAnnotation(RaceWatch.class));
        assertEquals("warning", method.failAt());
        assertThrows(IllegalArgumentException.class, () -> suite(Map.of(TestOptions.FAIL_AT, "fatal")));
    }

    static class Severities {
        @RaceWatch(failAt = "warning")
        void warnings() {
        }
    }

    @Test
    void suiteParametersChooseKindsAndThreshold() {
        TestOptions o = suite(Map.of(TestOptions.FAIL_ON, "race, deadlock", TestOptions.WARN_ON, "map-unsafe",
            TestOptions.HOLD_THRESHOLD, "40"));
        assertTrue(o.fails("map-rmw") && o.fails("deadlock"));
        assertFalse(o.fails("map-unsafe"), "warnOn wins");
        assertFalse(o.fails("lock-hold"), "not in failOn: warns");
        assertEquals(40, o.holdThresholdMs());
    }

    @Test
    void aMethodReplacesListsAndAddsAllowances() throws Exception {
        TestOptions cls = suite(Map.of()).with(Annotated.class.getAnnotation(RaceWatch.class));
        assertFalse(cls.fails("lock-hold"));
        TestOptions method = cls.with(on("narrow"));
        assertTrue(method.fails("map-unsafe"));
        assertFalse(method.fails("lock-order"), "failOn replaced: only races fail");
        assertFalse(method.fails("lock-hold"));
        assertEquals(5, method.holdThresholdMs());
        assertEquals(2, method.allowed().size());
    }

    @Test
    void mistakesAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> suite(Map.of()).with(on("misspelt"))).getMessage()
            .contains("unknown kind 'map-rwm'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> suite(Map.of()).with(on("noReason"))).getMessage()
            .contains("needs a reason"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> suite(Map.of(TestOptions.HOLD_THRESHOLD, "soon")))
            .getMessage().contains("racewatch.holdThresholdMs=soon"));
    }
}
