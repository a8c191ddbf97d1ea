package io.racewatch.realcode;

import org.junit.jupiter.api.Test;
import realprograms.LuceneIndex;

import static io.racewatch.realcode.RealCodeAssertions.assertNoFinding;
import static io.racewatch.realcode.RealCodeAssertions.assertSameProgram;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * lucene-core 3.0.x (pre-Java-7 class files) under {@code include=*}: IndexWriter, DocumentsWriter,
 * IndexFileDeleter and RAMDirectory guard their maps with synchronized methods and blocks on the
 * writer, and merges run on threads of their own.
 */
class LuceneIT {
    @Test
    void severalIndexingThreadsThenSearchesAreSilent() throws Exception {
        ChildJvm child = ChildJvm.of(LuceneIndex.class);
        ChildJvm.Run plain = child.plain();
        assertTrue(plain.stdout().startsWith("failures 0\n"), "the driver works without the agent\n" + plain.transcript());
        ChildJvm.Run agent = child.underAgent();
        assertSameProgram(plain, agent);
        assertNoFinding(agent);
    }
}
