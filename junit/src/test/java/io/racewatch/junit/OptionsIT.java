package io.racewatch.junit;

import fixtures.racy.OptionCases;
import io.racewatch.report.Finding;
import io.racewatch.report.Findings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which kinds fail and which warn, per class and per test; allowed races; the hold threshold per test. */
class OptionsIT {
    private static Outcomes o;

    @BeforeAll
    static void run() {
        o = Outcomes.run(OptionCases.class);
    }

    @Test
    void aKindTheClassMarksAsWarningReportsWithoutFailing() {
        assertNull(o.failureOf("unsafeOnlyWarns"));
        assertEquals(1, o.entries("unsafeOnlyWarns", "racewatch.warning").size(), o.summary().toString());
        assertTrue(o.entries("unsafeOnlyWarns", "racewatch.warning").get(0).startsWith("map-unsafe"));
        assertTrue(o.entries("unsafeOnlyWarns", "racewatch.warning").get(0).contains(": error"), "warned, though an error");
    }

    @Test
    void aTestsOwnOptionsReplaceTheClasses() {
        assertTrue(o.messageOf("unsafeFailsWhereOnlyHoldsWarn").contains("map-unsafe"));
        assertNull(o.failureOf("rmwWarnsWhereOnlyHoldsFail"));
        assertEquals(1, o.entries("rmwWarnsWhereOnlyHoldsFail", "racewatch.warning").size());
    }

    @Test
    void anAllowedRacePassesAndItsReasonReachesTheReport() {
        assertNull(o.failureOf("allowedRace"));
        String entry = o.entries("allowedRace", "racewatch.allowed").get(0);
        assertTrue(entry.contains("approximate counter, issue 12") && entry.contains("allowed by the test"), entry);
        Finding suppressed = Findings.suppressed().stream()
            .filter(f -> f.test() != null && f.test().name().endsWith("OptionCases.allowedRace()")).findFirst().orElseThrow();
        assertEquals("map-rmw:Races.bump", suppressed.suppression().rule());
        assertTrue(suppressed.suppression().inSource());
    }

    @Test
    void theHoldThresholdIsPerTest() {
        String message = o.messageOf("shortHoldFailsUnderLowThreshold");
        assertTrue(message.contains("lock-hold") && message.contains("threshold 1 ms"), message);
        assertNull(o.failureOf("shortHoldPassesUnderAgentThreshold"));
    }

    @Test
    void aLongHoldIsAWarningThatFailsNothingByDefault() {
        assertNull(o.failureOf("shortHoldOnlyWarnsByDefault"));
        String entry = o.entries("shortHoldOnlyWarnsByDefault", "racewatch.warning").get(0);
        assertTrue(entry.startsWith("lock-hold") && entry.contains(": warning"), entry);
    }

    @Test
    void aDuplicateComputationIsANoteThatFailsOnlyWhenAsked() {
        assertNull(o.failureOf("equalValuesCreatedTwiceOnlyNote"));
        String entry = o.entries("equalValuesCreatedTwiceOnlyNote", "racewatch.warning").get(0);
        assertTrue(entry.startsWith("map-rmw") && entry.contains(": note") && entry.contains("duplicate computation"), entry);
        String message = o.messageOf("equalValuesCreatedTwiceFailAtNote");
        assertTrue(message.contains("map-rmw") && message.contains(": note"), message);
    }

    @Test
    void objectsCreatedTwiceAreAnErrorAndFail() {
        String message = o.messageOf("objectsCreatedTwiceFail");
        assertTrue(message.contains("map-rmw") && message.contains(": error"), message);
    }
}
