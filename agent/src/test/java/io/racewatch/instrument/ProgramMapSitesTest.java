package io.racewatch.instrument;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rewritten class marks its {@code new} concurrent maps as the program's (the probe
 * {@code ProgramMaps.coming} just before the constructor, so the constructor's probe walks no
 * stack) only where the stack walk would name the class as the maker: constructors that run no
 * code of anyone else's and cannot throw, in a class that is no concurrent map itself.
 */
class ProgramMapSitesTest {
    /** Sites the walk would name: each is marked. */
    public static final class Marked {
        public static int make() {
            ConcurrentHashMap<String, String> hashed = new ConcurrentHashMap<>();
            ConcurrentSkipListMap<String, String> sorted = new ConcurrentSkipListMap<>(Comparator.reverseOrder());
            ConcurrentSkipListSet<String> set = new ConcurrentSkipListSet<>();
            hashed.put("k", "v");
            sorted.put("k", "v");
            set.add("k");
            return hashed.size() + sorted.size() + set.size();
        }
    }

    /**
     * Constructors that run the caller's code or may throw before the map is made (a copied map's
     * methods and keys, a negative capacity), and a factory: left to the walk.
     */
    public static final class Unmarked {
        public static int make(int capacity) {
            ConcurrentHashMap<String, String> sized = new ConcurrentHashMap<>(capacity);
            ConcurrentHashMap<String, String> copied = new ConcurrentHashMap<>(sized);
            ConcurrentSkipListMap<String, String> sortedCopy = new ConcurrentSkipListMap<>(copied);
            java.util.Set<String> keys = ConcurrentHashMap.newKeySet();
            sized.put("k", "v");
            keys.add("k");
            return sized.size() + copied.size() + sortedCopy.size() + keys.size();
        }
    }

    /** A map's own subclass: the walk looks past its frames to whoever called it, so its sites are not the maker. */
    public static final class OwnMap extends ConcurrentHashMap<String, String> {
        private static final long serialVersionUID = 1L;

        public int inner() {
            ConcurrentHashMap<String, String> m = new ConcurrentHashMap<>();
            m.put("k", "v");
            return m.size() + size();
        }
    }

    @Test
    void theMapsMadeByTheirPlainConstructorsAreMarked() throws Exception {
        assertEquals(3, marks(Marked.class));
    }

    @Test
    void constructorsThatRunOtherCodeOrThrowAndFactoriesAreNot() throws Exception {
        assertEquals(0, marks(Unmarked.class));
    }

    @Test
    void aConcurrentMapsOwnSubclassMarksNothing() throws Exception {
        assertEquals(0, marks(OwnMap.class));
    }

    /** The walk counts the platform loader's classes as the JDK's: their sites are not marked either. */
    @Test
    void thePlatformLoadersClassesAreTold() {
        assertTrue(io.racewatch.order.ProgramMaps.platformClass("java/sql/Connection"));
        assertTrue(io.racewatch.order.ProgramMaps.platformClass("org/jcp/xml/dsig/internal/dom/DOMUtils"));
        assertFalse(io.racewatch.order.ProgramMaps.platformClass("io/racewatch/instrument/ProgramMapSitesTest$Marked"));
        assertFalse(io.racewatch.order.ProgramMaps.platformClass("Unpackaged"));
    }

    private static long marks(Class<?> nested) throws Exception {
        List<String> probes = OrderingOnlyRewriteTest.probeCalls(OrderingOnlyRewriteTest.rewrite(nested, false));
        return probes.stream().filter(p -> p.equals("ProgramMaps.coming")).count();
    }
}
