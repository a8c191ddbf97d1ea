package realprograms;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import realprograms.turns.Turns;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * LMAX Disruptor 4 used correctly: three producer threads claim slots of a small ring buffer
 * (64 events, reused many times over), fill each event's plain {@code HashMap} of order lines
 * and publish it; one handler thread totals the lines in a plain map of its own, read by main
 * after {@code shutdown()} has drained the ring. Every hand-off is the Disruptor's: a producer
 * reuses a slot only once the handlers' sequences have passed it, and those sequences are plain
 * fields published with fences ({@code Sequence.set}: a release fence, then the write).
 * Prints totals that do not depend on the interleaving.
 *
 * <p>{@code shared-map}: two handlers run in parallel on their own threads and both count one
 * event's arrival in one plain map: each reads, the other reads and writes, the first writes
 * (turns taken through {@link Turns}, which racewatch does not see): a lost update.
 */
public final class DisruptorPipeline {
    private static final int PRODUCERS = 3;
    private static final int ORDERS = 2_000;
    private static final long MARKED = 5;

    /** One order: its lines, refilled each time the slot is reused. */
    static final class Order {
        final Map<String, Integer> lines = new HashMap<>();
        long id;
    }

    // shared-map's map and turns
    private static final Map<String, Integer> arrivals = new HashMap<>();
    private static final Turns firstHasRead = new Turns();
    private static final Turns secondHasWritten = new Turns();

    private DisruptorPipeline() {
    }

    public static void main(String[] args) throws Exception {
        boolean sharedMap = args.length > 0 && args[0].equals("shared-map");
        Map<String, Integer> totals = new HashMap<>(); // the totalling handler's thread, then main after shutdown
        EventHandler<Order> total = (order, sequence, endOfBatch) -> {
            for (Map.Entry<String, Integer> line : order.lines.entrySet()) {
                totals.merge(line.getKey(), line.getValue(), Integer::sum);
            }
        };
        Disruptor<Order> disruptor = new Disruptor<>(Order::new, 64, DaemonThreadFactory.INSTANCE, ProducerType.MULTI,
            new BlockingWaitStrategy());
        if (sharedMap) {
            EventHandler<Order> first = (order, sequence, endOfBatch) -> {
                if (order.id == MARKED) {
                    count(true);
                }
            };
            EventHandler<Order> second = (order, sequence, endOfBatch) -> {
                if (order.id == MARKED) {
                    count(false);
                }
            };
            disruptor.handleEventsWith(total, first, second);
        } else {
            disruptor.handleEventsWith(total);
        }
        RingBuffer<Order> ring = disruptor.start();
        Thread[] producers = new Thread[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            producers[p] = new Thread(() -> {
                for (int i = 0; i < ORDERS; i++) {
                    long slot = ring.next();
                    Order order = ring.get(slot);
                    order.lines.clear();
                    order.lines.put("item" + (i % 7), 1);
                    order.lines.put("producer" + producer, 2);
                    order.id = producer == 0 && i == MARKED ? MARKED : -1;
                    ring.publish(slot);
                }
            }, "producer-" + p);
            producers[p].start();
        }
        for (Thread t : producers) {
            t.join();
        }
        disruptor.shutdown();
        int sum = 0;
        for (int n : totals.values()) {
            sum += n;
        }
        System.out.println("totals " + new TreeMap<>(totals));
        System.out.println("sum " + sum + " of " + PRODUCERS * ORDERS * 3);
        if (sharedMap) {
            System.out.println("marked counted " + arrivals.get("marked") + " of 2");
        }
    }

    /** One handler's count of the marked order: read, then write, with the other handler's turn between. */
    private static void count(boolean first) {
        if (!first) {
            firstHasRead.await();
        }
        Integer seen = arrivals.get("marked");
        if (first) {
            firstHasRead.pass();
            secondHasWritten.await();
        }
        arrivals.put("marked", seen == null ? 1 : seen + 1);
        if (!first) {
            secondHasWritten.pass();
        }
    }
}
