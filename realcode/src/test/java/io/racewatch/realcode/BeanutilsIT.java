package io.racewatch.realcode;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import realprograms.BeanutilsDynaClasses;

import java.util.List;

import static io.racewatch.realcode.RealCodeAssertions.assertSameProgram;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * commons-beanutils 1.9.4 (Maven Central): {@code WrapDynaClass.createDynaClass} checks a
 * WeakHashMap and creates on a miss with no lock across both. A weak map is checked per key
 * (racewatch holds its keys weakly): the check-then-create is a {@code map-rmw}, not only an
 * unsafe write.
 */
class BeanutilsIT {
    /** beanutils and the driver; the turn-taking helper stays out, so that racewatch does not see it. */
    private static final String INCLUDE = "org.apache.commons.beanutils.*:realprograms.BeanutilsDynaClasses*";

    @Test
    void wrapDynaClassesCheckThenCreateOnItsWeakHashMapIsAMapRmw() throws Exception {
        ChildJvm child = ChildJvm.of(BeanutilsDynaClasses.class);
        ChildJvm.Run plain = child.plain();
        assertTrue(plain.stdout().contains("first read ada 42\n") && plain.stdout().contains("one DynaClass true\n"),
            "the driver works without the agent\n" + plain.transcript());
        ChildJvm.Run agent = child.underAgent(INCLUDE);
        assertSameProgram(plain, agent);

        List<JsonNode> rmw = agent.findings("map-rmw");
        assertEquals(1, rmw.size(), "one check-then-create\n" + agent.transcript());
        JsonNode f = rmw.get(0);
        assertEquals("java.util.WeakHashMap", f.at("/resource/class").asText(), agent.transcript());
        assertEquals("WrapDynaClass.getClassesCache()", f.at("/resource/name").asText(), "named by the getter it came from");
        assertTrue(f.at("/resource/key").asText().contains("CacheKey@"), "the key, by class and identity: " + f);
        JsonNode a = f.path("accesses");
        assertEquals(3, a.size(), f.toString());
        assertEquals("wrapper-1 get createDynaClass", access(a.get(0)));
        assertEquals("wrapper-1 put createDynaClass", access(a.get(1)));
        assertEquals("wrapper-2 get createDynaClass", access(a.get(2)), "the second thread's same check");
        for (JsonNode access : a) {
            assertEquals("org.apache.commons.beanutils.WrapDynaClass", access.at("/site/class").asText(), f.toString());
        }
        assertEquals(a.get(0).at("/site/line").asInt(), a.get(2).at("/site/line").asInt(), "the same check, at the same line");
        for (JsonNode other : agent.findings()) {
            assertEquals("map-rmw", other.path("kind").asText(), "nothing else in this run\n" + agent.transcript());
        }
    }

    private static String access(JsonNode a) {
        return a.path("thread").asText() + " " + a.path("op").asText() + " " + a.at("/site/method").asText();
    }
}
