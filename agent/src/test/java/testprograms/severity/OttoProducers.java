package testprograms.severity;

import com.squareup.otto.Bus;
import com.squareup.otto.Produce;
import com.squareup.otto.Subscribe;
import com.squareup.otto.ThreadEnforcer;
import testprograms.Handoff;

/**
 * Otto 1.3.8's handler cache: {@code AnnotatedHandlerFinder.findAllProducers} gets a listener
 * class's producer methods from the static {@code PRODUCERS_CACHE} and, when absent, scans the
 * class and puts them. Two threads registering listeners of one class on their own buses check
 * the cache unordered: each can scan and put an equal map of the same methods (a duplicate
 * computation). The threads take turns through a gate racewatch does not see.
 */
public final class OttoProducers {
    /** A listener with a producer and a subscriber, as an application would write one. */
    public static final class Listener {
        @Produce
        public String current() {
            return "state";
        }

        @Subscribe
        public void on(Integer event) {
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Handoff firstRegistered = new Handoff();
        Thread a = new Thread(() -> {
            new Bus(ThreadEnforcer.ANY, "a").register(new Listener());
            firstRegistered.signal();
        }, "register-a");
        Thread b = new Thread(() -> {
            firstRegistered.await();
            new Bus(ThreadEnforcer.ANY, "b").register(new Listener());
        }, "register-b");
        a.start();
        b.start();
        a.join();
        b.join();
        System.out.println("registered");
    }
}
