package check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks what the sample's own test run (Surefire, under racewatch, JaCoCo and Mockito's agent)
 * produced: the racy tests failed with the expected findings, every other test passed, and
 * {@code racewatch.sarif} is valid SARIF 2.1.0 whose locations open the sample's source files.
 */
class SampleResultsIT {
    private static final Path REPORTS = Path.of(System.getProperty("sample.reports"));
    private static final Path RACEWATCH = Path.of(System.getProperty("sample.racewatch"));
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Test ({@code Class.method}) to its failure message, or null when it passed. */
    private static Map<String, String> outcomes;
    private static JsonNode sarif;

    @BeforeAll
    static void read() throws Exception {
        outcomes = new TreeMap<>();
        File[] files = REPORTS.toFile().listFiles((d, n) -> n.startsWith("TEST-") && n.endsWith(".xml"));
        assertTrue(files != null && files.length > 0, "no Surefire reports in " + REPORTS);
        for (File f : files) {
            NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f).getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                String name = c.getAttribute("classname").replaceFirst("^shop\\.", "") + "." + c.getAttribute("name");
                NodeList failures = c.getElementsByTagName("failure");
                NodeList errors = c.getElementsByTagName("error");
                Element problem = (Element) (failures.getLength() > 0 ? failures.item(0) : errors.item(0));
                outcomes.put(name, problem == null ? null : problem.getAttribute("message") + "\n" + problem.getTextContent());
            }
        }
        sarif = JSON.readTree(RACEWATCH.resolve("racewatch.sarif").toFile());
    }

    private static String failureOf(String test) {
        assertTrue(outcomes.containsKey(test), test + " did not run: " + outcomes.keySet());
        String failure = outcomes.get(test);
        assertTrue(failure != null, test + " passed; racewatch should have failed it");
        return failure;
    }

    @Test
    void exactlyTheRacyTestsFailed() {
        List<String> failed = new ArrayList<>();
        outcomes.forEach((test, failure) -> {
            if (failure != null) {
                failed.add(test);
            }
        });
        assertEquals(List.of("CheckoutTest.concurrentCheckoutsAreAllLogged", "InventoryTest.lastLampIsSoldOnce",
            "ParallelCheckoutTest.racyBasket", "ParallelCheckoutTest.racyKettle"), failed, outcomes.toString());
        assertTrue(outcomes.size() >= 11, "every test ran: " + outcomes.keySet());
        System.out.println("sample: as expected, racewatch failed the " + failed.size() + " racy tests " + failed + " and the other "
            + (outcomes.size() - failed.size()) + " passed");
    }

    @Test
    void mockitosInlineMockMakerWorkedInTheSameJvm() {
        assertTrue(outcomes.containsKey("CheckoutTest.confirmsByMail"), outcomes.keySet().toString());
        assertEquals(null, outcomes.get("CheckoutTest.confirmsByMail"), "the final Mailer was mocked");
    }

    @Test
    void racyTestsFailWithTheFindingAndItsInterleaving() {
        String lamp = failureOf("InventoryTest.lastLampIsSoldOnce");
        assertTrue(lamp.contains("racewatch: 1 race during this test") && lamp.contains("map-rmw on Inventory.stock key lamp"), lamp);
        assertTrue(lamp.contains("Interleaving") && lamp.contains("get Inventory.reserve:") && lamp.contains("put Inventory.reserve:"), lamp);
        String orders = failureOf("CheckoutTest.concurrentCheckoutsAreAllLogged");
        assertTrue(orders.contains("map-unsafe on OrderLog.orders"), orders);
    }

    @Test
    void parallelTestsEachFailWithTheirOwnRaceOnly() {
        String basket = failureOf("ParallelCheckoutTest.racyBasket");
        String kettle = failureOf("ParallelCheckoutTest.racyKettle");
        assertTrue(basket.contains("key basket") && !basket.contains("key kettle"), basket);
        assertTrue(kettle.contains("key kettle") && !kettle.contains("key basket"), kettle);
    }

    @Test
    void sarifIsValidAgainstTheSarif210Schema() throws Exception {
        JsonSchema schema;
        try (InputStream in = SampleResultsIT.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
        Set<ValidationMessage> problems = schema.validate(sarif);
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals("2.1.0", sarif.get("version").asText());
    }

    @Test
    void sarifResultsHaveStableRulesSourceLocationsAndThreadFlows() throws Exception {
        JsonNode run = sarif.at("/runs/0");
        Path root = Path.of(new URI(run.at("/originalUriBaseIds/%SRCROOT%/uri").asText()));
        List<String> ruleIds = new ArrayList<>();
        for (JsonNode result : run.get("results")) {
            ruleIds.add(result.get("ruleId").asText());
            for (JsonNode location : result.get("locations")) {
                String uri = location.at("/physicalLocation/artifactLocation/uri").asText();
                assertTrue(Files.isRegularFile(root.resolve(uri)), "code scanning cannot open " + uri);
            }
            assertTrue(result.at("/codeFlows/0/threadFlows").size() >= 2, "two threads' evidence: " + result);
        }
        assertTrue(ruleIds.contains("RW1001") && ruleIds.contains("RW1002"), ruleIds.toString());
        JsonNode lamp = resultFor(run, "Inventory.stock", "lamp");
        assertEquals("samples/shop/src/main/java/shop/Inventory.java",
            lamp.at("/locations/0/physicalLocation/artifactLocation/uri").asText().replaceFirst("^.*?(samples/shop/)", "$1"));
        assertEquals("shop.InventoryTest.lastLampIsSoldOnce()", lamp.at("/properties/test").asText());
    }

    @Test
    void suppressedAndAllowedRacesAreKeptWithTheirReasons() throws Exception {
        JsonNode run = sarif.at("/runs/0");
        JsonNode audit = resultFor(run, "AuditTrail.events", "login");
        assertEquals("external", audit.at("/suppressions/0/kind").asText());
        assertTrue(audit.at("/suppressions/0/justification").asText().contains("removed with the audit rewrite"), audit.toString());
        JsonNode stats = resultFor(run, "Stats.hits", "/");
        assertEquals("inSource", stats.at("/suppressions/0/kind").asText());
        assertTrue(stats.at("/suppressions/0/justification").asText().contains("approximate by design"), stats.toString());
        String report = Files.readString(RACEWATCH.resolve("report.txt"));
        assertTrue(report.contains("Suppressed (2)"), report);
    }

    @Test
    void jacocoRecordedCoverageInTheSameJvm() throws Exception {
        Path exec = Path.of(System.getProperty("sample.jacoco"));
        assertTrue(Files.size(exec) > 0, "JaCoCo wrote nothing to " + exec);
    }

    private static JsonNode resultFor(JsonNode run, String resource, String key) {
        for (JsonNode r : run.get("results")) {
            if (r.at("/properties/resource").asText().equals(resource) && r.at("/properties/key").asText().equals(key)) {
                return r;
            }
        }
        throw new AssertionError("no result for " + resource + " key " + key + " in " + run.get("results"));
    }
}
