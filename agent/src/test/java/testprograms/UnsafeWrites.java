package testprograms;

import java.util.HashMap;
import java.util.Map;

/** Two threads put different keys into one HashMap, one after the other with no ordering the agent can see. */
public final class UnsafeWrites {
    private static final Map<String, Integer> sessions = new HashMap<>();

    public static void main(String[] args) throws InterruptedException {
        Handoff first = new Handoff();
        Both.run("login", () -> {
            sessions.put("alice", 1); // @put-login
            first.signal();
        }, "expiry", () -> {
            first.await();
            sessions.put("bob", 2); // @put-expiry
        });
        System.out.println("sessions=" + sessions.size());
    }
}
