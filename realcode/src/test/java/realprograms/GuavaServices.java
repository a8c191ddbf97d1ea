package realprograms;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import com.google.common.eventbus.AllowConcurrentEvents;
import com.google.common.eventbus.AsyncEventBus;
import com.google.common.eventbus.Subscribe;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.Striped;
import realprograms.turns.Turns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;

/**
 * Guava 33 used correctly by four workers: a {@code LoadingCache} (segments that are
 * {@code ReentrantLock}s) in front of a slow "price" lookup, per-key balances in plain
 * {@code HashMap}s each guarded by its own lock of a {@code Striped<Lock>} (taken by index), results handed back
 * through {@code ListenableFuture}s joined with {@code Futures.allAsList}, and audit events
 * posted to an {@code AsyncEventBus} whose subscriber keeps a plain map on the bus's single
 * thread. Prints totals that do not depend on the interleaving.
 *
 * <p>{@code concurrent-subscriber}: a subscriber marked {@code @AllowConcurrentEvents} on a bus
 * with two threads, keeping a plain map: two events for the same key are handled at once, the
 * first reads, the second reads and writes, the first writes (turns taken through
 * {@link Turns}, which racewatch does not see): a lost update.
 */
public final class GuavaServices {
    private static final int WORKERS = 4;
    private static final int ROUNDS = 2_000;
    private static final int ACCOUNTS = 16;
    private static final int STRIPES = 4;

    private GuavaServices() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("concurrent-subscriber")) {
            concurrentSubscriber();
            return;
        }
        AtomicLong loads = new AtomicLong();
        LoadingCache<Integer, Long> prices = CacheBuilder.newBuilder().maximumSize(8).concurrencyLevel(4)
            .build(new CacheLoader<Integer, Long>() {
                @Override
                public Long load(Integer item) {
                    loads.incrementAndGet();
                    return 10L + item;
                }
            });
        Striped<Lock> locks = Striped.lock(STRIPES);
        List<Map<Integer, Long>> balances = new ArrayList<>();
        for (int s = 0; s < STRIPES; s++) {
            balances.add(new HashMap<>());
        }
        AuditLog audit = new AuditLog();
        java.util.concurrent.ExecutorService busThread = Executors.newSingleThreadExecutor();
        AsyncEventBus bus = new AsyncEventBus("audit", busThread);
        bus.register(audit);

        ListeningExecutorService pool = MoreExecutors.listeningDecorator(Executors.newFixedThreadPool(WORKERS));
        CountDownLatch start = new CountDownLatch(1);
        List<ListenableFuture<Long>> results = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            results.add(pool.submit(() -> {
                start.await();
                long charged = 0;
                for (int i = 0; i < ROUNDS; i++) {
                    int account = (i * 7 + worker) % ACCOUNTS;
                    long price = prices.getUnchecked((i + worker) % 12);
                    Lock lock = locks.getAt(stripeOf(account));
                    lock.lock();
                    try {
                        Map<Integer, Long> stripe = balances.get(stripeOf(account));
                        Long before = stripe.get(account);
                        stripe.put(account, (before == null ? 0 : before) + price);
                    } finally {
                        lock.unlock();
                    }
                    charged += price;
                    if (i % 100 == 0) {
                        bus.post(new Charged(worker, price));
                    }
                }
                return charged;
            }));
        }
        start.countDown();
        long charged = 0;
        for (long each : Futures.allAsList(results).get(60, TimeUnit.SECONDS)) {
            charged += each;
        }
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
        busThread.shutdown();
        busThread.awaitTermination(60, TimeUnit.SECONDS);

        long held = 0;
        for (int account = 0; account < ACCOUNTS; account++) {
            Lock lock = locks.getAt(stripeOf(account));
            lock.lock();
            try {
                held += balances.get(stripeOf(account)).getOrDefault(account, 0L);
            } finally {
                lock.unlock();
            }
        }
        System.out.println("charged " + charged);
        System.out.println("held " + held);
        System.out.println("audited " + new TreeMap<>(audit.perWorker));
        System.out.println("loads at least 12 " + (loads.get() >= 12));
    }

    /** Which map holds an account's balance, and so which of the striped locks guards it. */
    private static int stripeOf(int account) {
        return account % STRIPES;
    }

    private static void concurrentSubscriber() throws Exception {
        java.util.concurrent.ExecutorService busThreads = Executors.newFixedThreadPool(2);
        AsyncEventBus bus = new AsyncEventBus("tally", busThreads);
        Tally tally = new Tally();
        bus.register(tally);
        bus.post(new Vote("alpha", true));
        bus.post(new Vote("alpha", false));
        busThreads.shutdown();
        if (!busThreads.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the bus's threads did not finish");
        }
        System.out.println("alpha tallied " + tally.votes.get("alpha") + " of 2");
        System.out.println("bus threads done");
    }

    /** A vote for a key; {@code first} says which of the two takes the first turn. */
    public record Vote(String key, boolean first) {
    }

    /** Declares itself safe for concurrent events; its map is not. */
    public static final class Tally {
        final Map<String, Integer> votes = new HashMap<>();
        private final Turns firstHasRead = new Turns();
        private final Turns secondHasWritten = new Turns();

        @Subscribe
        @AllowConcurrentEvents
        public void vote(Vote vote) {
            if (!vote.first()) {
                firstHasRead.await();
            }
            Integer seen = votes.get(vote.key());
            if (vote.first()) {
                firstHasRead.pass();
                secondHasWritten.await();
            }
            votes.put(vote.key(), seen == null ? 1 : seen + 1);
            if (!vote.first()) {
                secondHasWritten.pass();
            }
        }
    }

    /** An audit event. */
    public record Charged(int worker, long price) {
    }

    /** The bus's subscriber: called on the bus's single executor thread only. */
    public static final class AuditLog {
        final Map<Integer, Integer> perWorker = new HashMap<>();

        @Subscribe
        public void charged(Charged event) {
            perWorker.merge(event.worker(), 1, Integer::sum);
        }
    }
}
