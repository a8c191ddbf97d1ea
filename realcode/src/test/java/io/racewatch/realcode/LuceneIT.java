package io.racewatch.realcode;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import realprograms.LuceneIndex;

import java.util.Set;
import java.util.TreeSet;

import static io.racewatch.realcode.RealCodeAssertions.assertSameProgram;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * lucene-core 3.0.x (pre-Java-7 class files) under {@code include=*}: IndexWriter, DocumentsWriter,
 * IndexFileDeleter and RAMDirectory guard their maps with synchronized methods and blocks on the
 * writer, and merges run on threads of their own.
 */
class LuceneIT {
    /**
     * The one report this run may make: DocumentsWriter.flush holds DocumentsWriter then takes
     * TermsHash, TermsHash.getPostings holds TermsHash then takes DocumentsWriter. It is a real
     * inversion with no gate lock; what keeps it from deadlocking is Lucene's protocol (flush runs
     * only once every indexing thread is idle), which no lock-order detector can see. It shows in
     * some runs only, depending on when buffers fill up.
     */
    private static final Set<String> PROTOCOL_GUARDED = Set.of("DocumentsWriter.this", "TermsHash.this");

    @Test
    void severalIndexingThreadsThenSearchesAreSilent() throws Exception {
        ChildJvm child = ChildJvm.of(LuceneIndex.class);
        ChildJvm.Run plain = child.plain();
        assertTrue(plain.stdout().startsWith("failures 0\n"), "the driver works without the agent\n" + plain.transcript());
        ChildJvm.Run agent = child.underAgent();
        assertSameProgram(plain, agent);
        for (JsonNode f : agent.findings()) {
            assertEquals("lock-order", f.path("kind").asText(), "no map finding: every map is guarded by a monitor\n" + agent.transcript());
            Set<String> locks = new TreeSet<>(Set.of(f.at("/resource/name").asText().split(" <-> ")));
            assertEquals(PROTOCOL_GUARDED, locks, "only the protocol-guarded inversion may show\n" + agent.transcript());
        }
    }
}
