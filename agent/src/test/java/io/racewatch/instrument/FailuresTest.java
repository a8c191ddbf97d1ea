package io.racewatch.instrument;

import io.racewatch.runtime.Faults;
import io.racewatch.runtime.Unresolved;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A class the pool cannot resolve is one line at most, never a stack trace, and counted; not an internal error. */
class FailuresTest {
    @Test
    void unresolvableTypesAreOneLineAndACount() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int faults = Faults.count();
        int before = Unresolved.count();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 3; i++) {
                Instrumenter.Failures.report("$java.sql.Connection$$EnhancerByMockitoWithCGLIB$$" + i,
                    new IllegalStateException("wrapped", new TypePool.Resolution.NoSuchTypeException("org.mockito.cglib.proxy.Factory")));
            }
        } finally {
            System.setErr(err);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertEquals(before + 3, Unresolved.count());
        assertEquals(faults, Faults.count(), "not racewatch's own failure");
        assertTrue(out.lines().count() <= 1, "one line at most: " + out);
        assertFalse(out.contains("\tat ") || out.contains("Exception"), "no stack trace: " + out);
        assertTrue(Unresolved.summary().contains("left uninstrumented"), Unresolved.summary());
    }
}
