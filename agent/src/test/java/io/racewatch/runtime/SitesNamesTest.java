package io.racewatch.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Sites of one method, registered one after another as the rewrite goes through the method,
 * share its names' strings: the check whether two sites are in one method (at every shared
 * write) then mostly ends at identity. Names are still compared by value.
 */
class SitesNamesTest {
    @Test
    void sitesOfOneMethodShareTheirNamesStrings() {
        String owner = "com.acme.Shared";
        Site read = Sites.get(Sites.register(new String(owner), new String("count"), "Shared.java", 10, null));
        Site write = Sites.get(Sites.register(new String(owner), new String("count"), "Shared.java", 11, null));
        Site other = Sites.get(Sites.register(new String(owner), new String("reset"), "Shared.java", 20, null));
        assertSame(read.className, write.className);
        assertSame(read.method, write.method);
        assertSame(read.className, other.className, "the same class");
        assertNotSame(read.method, other.method);
        assertEquals("reset", other.method);
        assertEquals(11, write.line);
    }
}
