package realprograms;

import akka.actor.AbstractActor;
import akka.actor.ActorRef;
import akka.actor.ActorSystem;
import akka.actor.Props;
import akka.pattern.Patterns;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import realprograms.turns.Turns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * Akka 2.6 classic actors (Scala 2.13 class files) from Java. {@code actors}: four counter actors
 * each keep a {@code HashMap} of counts, fed by four producer threads, and tell an audit actor
 * every key; an actor's state is touched by whichever dispatcher thread runs its mailbox, each
 * message ordered after the one before by the mailbox. Correct use: nothing to report.
 * {@code leaks-state}: an actor built around a map its creator keeps using: main tells the
 * actor to count a key, then counts it in the map itself while the actor is between its read and
 * its write (turns taken through {@link Turns}, which racewatch does not see): a lost update.
 */
public final class AkkaCounters {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    record Incr(String key) {
    }

    record Snapshot() {
    }

    /** Counts keys; tells the audit actor, if any, of each; in the leaky run, takes turns with main. */
    static final class Counter extends AbstractActor {
        private final Map<String, Integer> counts;
        private final ActorRef audit;
        private final Turns[] leak;

        Counter(Map<String, Integer> counts, ActorRef audit, Turns[] leak) {
            this.counts = counts;
            this.audit = audit;
            this.leak = leak;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                .match(Incr.class, this::onIncr)
                .match(Snapshot.class, m -> getSender().tell(new TreeMap<>(counts), getSelf()))
                .build();
        }

        private void onIncr(Incr m) {
            Integer old = counts.get(m.key());
            if (leak != null) {
                leak[0].pass(); // the actor has read
                leak[1].await(); // main has counted the same key meanwhile
            }
            counts.put(m.key(), old == null ? 1 : old + 1);
            if (audit != null) {
                audit.tell(m.key(), getSelf());
            }
        }
    }

    /** Counts the keys the counters report. */
    static final class Audit extends AbstractActor {
        private final Map<String, Integer> seen = new HashMap<>();

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                .match(String.class, k -> seen.merge(k, 1, Integer::sum))
                .match(Snapshot.class, m -> getSender().tell(new TreeMap<>(seen), getSelf()))
                .build();
        }
    }

    private AkkaCounters() {
    }

    public static void main(String[] args) throws Exception {
        // Akka logs to stdout with timestamps: only warnings, which neither run should print.
        Config quiet = ConfigFactory.parseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING")
            .withFallback(ConfigFactory.load());
        ActorSystem system = ActorSystem.create("counters", quiet);
        try {
            switch (args[0]) {
                case "actors" -> actors(system);
                case "leaks-state" -> leaksState(system);
                default -> throw new IllegalArgumentException(args[0]);
            }
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get();
        }
        System.out.println("terminated");
    }

    private static void actors(ActorSystem system) throws Exception {
        ActorRef audit = system.actorOf(Props.create(Audit.class, Audit::new), "audit");
        List<ActorRef> counters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            counters.add(system.actorOf(Props.create(Counter.class, () -> new Counter(new HashMap<>(), audit, null)), "counter-" + i));
        }
        int threads = 4;
        int rounds = 2000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < rounds; i++) {
                    counters.get((i + id) % counters.size()).tell(new Incr("k" + (i % 7)), ActorRef.noSender());
                }
            }, "producer-" + t);
            all.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread t : all) {
            t.join();
        }
        int total = 0;
        for (ActorRef c : counters) {
            for (int v : snapshot(c).values()) {
                total += v;
            }
        }
        System.out.println("counted " + total);
        Map<String, Integer> seen;
        int audited;
        do {
            seen = snapshot(audit);
            audited = seen.values().stream().mapToInt(Integer::intValue).sum();
        } while (audited < total);
        System.out.println("audited " + seen);
    }

    private static void leaksState(ActorSystem system) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        Turns[] leak = {new Turns(), new Turns()};
        ActorRef counter = system.actorOf(Props.create(Counter.class, () -> new Counter(counts, null, leak)), "leaky");
        counter.tell(new Incr("k0"), ActorRef.noSender());
        leak[0].await();
        countItself(counts);
        leak[1].pass();
        System.out.println("counted " + snapshot(counter) + " after two increments");
    }

    private static void countItself(Map<String, Integer> counts) {
        Integer old = counts.get("k0");
        counts.put("k0", old == null ? 1 : old + 1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> snapshot(ActorRef actor) throws Exception {
        return (Map<String, Integer>) Patterns.ask(actor, new Snapshot(), TIMEOUT).toCompletableFuture().get();
    }
}
