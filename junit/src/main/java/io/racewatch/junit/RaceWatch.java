package io.racewatch.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Watches the annotated test class or test method for races and fails a test during which
 * racewatch found one (registers {@link RaceWatchExtension}), with options for the suite (on the
 * class) or for one test (on the method).
 *
 * <p>Kinds are named as in racewatch's reports ({@code map-rmw}, {@code map-unsafe},
 * {@code lock-hold}, {@code lock-order}, {@code deadlock}, {@code timer-outlives-owner}), or
 * {@code race} for the map kinds, or {@code *} for all. Options not given are inherited: from an
 * enclosing class, then from the configuration parameters {@code racewatch.failOn},
 * {@code racewatch.warnOn}, {@code racewatch.failAt} and {@code racewatch.holdThresholdMs}, then
 * from the defaults (findings of every kind fail when they are errors, the agent's hold threshold).
 *
 * <pre>{@code
 * @RaceWatch(warnOn = "lock-hold", holdThresholdMs = 50,
 *            allow = @RaceWatch.Allow(value = "map-rmw:Stats.hits", reason = "approximate counter, see #12"))
 * class StatsTest { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(RaceWatchExtension.class)
public @interface RaceWatch {
    /** Kinds that fail the test; empty inherits (by default every kind fails). */
    String[] failOn() default {};

    /** Kinds that only warn: reported on the test (a report entry) without failing it; empty inherits. */
    String[] warnOn() default {};

    /**
     * The least severity that fails the test: {@code error} (the default: lost updates, corrupting
     * writes, lock-order inversions, deadlocks), {@code warning} (also long lock holds and tasks left
     * scheduled after their owner closed) or {@code note} (also duplicate computations of an equal
     * value). Findings of the kinds in {@link #failOn()} below this severity are reported on the test
     * as warnings, without failing it. Empty inherits: the configuration parameter (or system
     * property) {@code racewatch.failAt}, else {@code error}.
     */
    String failAt() default "";

    /** A lock held longer than this many milliseconds during the test is a {@code lock-hold}; 0 inherits. */
    long holdThresholdMs() default 0;

    /** Known races this test may run into; they are reported as allowed, with the reason, and do not fail it. */
    Allow[] allow() default {};

    /** A known race that is allowed, and why. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface Allow {
        /**
         * A suppression rule, {@code kind:pattern}, matched like a line of the suppressions file:
         * against the resource's name, the accesses' sites and their stacks.
         */
        String value();

        /** Why the race is acceptable; shown in the reports (required, so that no allowance is silent). */
        String reason();
    }
}
