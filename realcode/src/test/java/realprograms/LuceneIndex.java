package realprograms;

import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryParser.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.RAMDirectory;
import org.apache.lucene.util.Version;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;

/**
 * lucene-core 3.0.x used as documented: one IndexWriter shared by several indexing threads over a
 * RAMDirectory, small flushes so that segments are written and merged in the background while
 * threads index, deletes, a commit, then searches. Prints hit counts and the matching ids, sorted
 * (scores and segment order may differ between runs; the matches may not).
 */
public final class LuceneIndex {
    private static final int THREADS = 4;
    private static final int DOCS_PER_THREAD = 100;
    private static final String[] COLOURS = {"red", "green", "blue", "amber", "violet"};
    private static final String[] ANIMALS = {"fox", "owl", "cat", "hare", "newt", "crow", "eel"};

    private LuceneIndex() {
    }

    public static void main(String[] args) throws Exception {
        RAMDirectory dir = new RAMDirectory();
        IndexWriter writer = new IndexWriter(dir, new StandardAnalyzer(Version.LUCENE_30), IndexWriter.MaxFieldLength.UNLIMITED);
        writer.setMaxBufferedDocs(15);
        writer.setMergeFactor(3);

        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int worker = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < DOCS_PER_THREAD; i++) {
                        writer.addDocument(document(worker * DOCS_PER_THREAD + i));
                        if (i % 40 == 39) {
                            writer.commit();
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "indexer-" + t);
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        writer.deleteDocuments(new Term("animal", "eel"));
        writer.optimize();
        writer.commit();
        System.out.println("failures " + failures.size());
        failures.forEach(e -> e.printStackTrace(System.out));
        System.out.println("docs in writer " + writer.numDocs());
        writer.close();

        IndexReader reader = IndexReader.open(dir, true);
        IndexSearcher searcher = new IndexSearcher(reader);
        System.out.println("docs in reader " + reader.numDocs() + " segments " + reader.getSequentialSubReaders().length);
        QueryParser parser = new QueryParser(Version.LUCENE_30, "text", new StandardAnalyzer(Version.LUCENE_30));
        print(searcher, "colour:red", new TermQuery(new Term("colour", "red")));
        print(searcher, "animal:eel", new TermQuery(new Term("animal", "eel")));
        print(searcher, "text:\"blue owl\"", parser.parse("\"blue owl\""));
        print(searcher, "text:fox AND number:7", parser.parse("fox AND number7"));
        BooleanQuery both = new BooleanQuery();
        both.add(new TermQuery(new Term("colour", "green")), BooleanClause.Occur.MUST);
        both.add(new TermQuery(new Term("animal", "cat")), BooleanClause.Occur.MUST_NOT);
        print(searcher, "colour:green -animal:cat", both);
        searcher.close();
        reader.close();
    }

    private static Document document(int id) {
        String colour = COLOURS[id % COLOURS.length];
        String animal = ANIMALS[id % ANIMALS.length];
        Document doc = new Document();
        doc.add(new Field("id", Integer.toString(id), Field.Store.YES, Field.Index.NOT_ANALYZED));
        doc.add(new Field("colour", colour, Field.Store.YES, Field.Index.NOT_ANALYZED));
        doc.add(new Field("animal", animal, Field.Store.NO, Field.Index.NOT_ANALYZED));
        doc.add(new Field("text", "the " + colour + " " + animal + " number" + (id % 10) + " jumps", Field.Store.NO,
            Field.Index.ANALYZED));
        return doc;
    }

    private static void print(IndexSearcher searcher, String label, Query query) throws Exception {
        TopDocs top = searcher.search(query, 1000);
        TreeSet<Integer> ids = new TreeSet<>();
        for (ScoreDoc hit : top.scoreDocs) {
            ids.add(Integer.parseInt(searcher.doc(hit.doc).get("id")));
        }
        System.out.println(label + " hits " + top.totalHits + " ids " + ids);
    }
}
