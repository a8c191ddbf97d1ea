package io.racewatch.order;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Ids of static volatile fields: one per field, whichever threads' classes ask at once. */
class StaticFieldIdsTest {

    @Test
    void fieldsAskedForByManyThreadsAtOnceGetIdsOfTheirOwn() throws Exception {
        int threads = 4;
        int fields = 5_000;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Integer> ids = new CopyOnWriteArrayList<>();
        List<Thread> running = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                int[] mine = new int[fields];
                for (int i = 0; i < fields; i++) {
                    mine[i] = VolatileAccesses.staticId("test/StaticFieldIds" + me + ".f" + i);
                }
                for (int id : mine) {
                    ids.add(id);
                }
            });
            th.start();
            running.add(th);
        }
        for (Thread th : running) {
            th.join();
        }
        Set<Integer> distinct = new HashSet<>(ids);
        assertEquals(threads * fields, distinct.size(), "two fields shared an id");
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < fields; i += 997) {
                String field = "test/StaticFieldIds" + t + ".f" + i;
                int id = VolatileAccesses.staticId(field);
                assertEquals(field, VolatileAccesses.staticField(id));
            }
        }
    }
}
