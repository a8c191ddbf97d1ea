package io.racewatch.bench.workloads.reactive;

import io.racewatch.bench.workloads.Harness;
import io.racewatch.bench.workloads.Workload;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded Reactor pipeline: orders flow through a parallel rail stage (pricing), a
 * {@code flatMap} to per-order lookups on another scheduler, {@code publishOn} hand-offs, and a
 * grouping by customer reduced per group. At the end every order was priced once.
 */
public final class ReactiveWorkload implements Workload {
    static final int CUSTOMERS = 200;

    private final int ordersPerRound;
    private final Scheduler pricing = Schedulers.newParallel("pricing", 4, true);
    private final Scheduler lookups = Schedulers.newBoundedElastic(4, 10_000, "lookup", 60, true);
    private final ConcurrentHashMap<Integer, Long> discounts = new ConcurrentHashMap<>();
    private final AtomicLong priced = new AtomicLong();
    private long orders;

    public ReactiveWorkload(double scale) {
        this.ordersPerRound = Math.max(1, (int) (8_000 * scale));
    }

    @Override
    public long round(int index) {
        Long total = Flux.range(0, ordersPerRound)
            .map(i -> new Order(i, (i * 31 + index) % CUSTOMERS, 100 + (i * 17) % 900))
            .parallel(4)
            .runOn(pricing)
            .map(this::price)
            .sequential()
            .flatMap(o -> Mono.fromCallable(() -> withDiscount(o)).subscribeOn(lookups), 16)
            .publishOn(pricing)
            .groupBy(Order::customer)
            .flatMap(g -> g.reduce(0L, (sum, o) -> sum + o.cents()), CUSTOMERS)
            .reduce(0L, Long::sum)
            .block();
        orders += ordersPerRound;
        return total == null ? -1 : total;
    }

    private Order price(Order o) {
        priced.incrementAndGet();
        long cents = o.cents();
        for (int i = 0; i < 20; i++) {
            cents = (cents * 1_103_515_245L + 12_345L) % 1_000_003L;
        }
        return new Order(o.id(), o.customer(), 100 + cents % 900);
    }

    private Order withDiscount(Order o) {
        long percent = discounts.computeIfAbsent(o.customer(), c -> (long) (c % 7));
        return new Order(o.id(), o.customer(), o.cents() * (100 - percent) / 100);
    }

    @Override
    public void verify() {
        if (priced.get() != orders) {
            throw new IllegalStateException("priced " + priced.get() + " of " + orders + " orders");
        }
    }

    @Override
    public void close() {
        pricing.dispose();
        lookups.dispose();
    }

    /** One order: its id, its customer and its price in cents. */
    record Order(int id, int customer, long cents) {
    }

    public static void main(String[] args) {
        Harness.main("reactive", args, ReactiveWorkload::new);
    }
}
