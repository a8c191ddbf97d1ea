package demo.jobs;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seeds the default users at start-up; every worker runs the seeding, and it is meant to
 * happen once. The buggy seeder checks for the user and then inserts it, so two workers both
 * see "absent" and both insert it (the second insert silently replaces the first worker's user).
 * (Seed: the user seeding race that crashed workers on start-up.)
 */
final class UserSeeder {
    /** A seeded user and the worker whose insert ended up in the table. */
    record User(String email, String seededBy) {
    }

    private final Map<String, User> users;
    private final boolean fixed;

    UserSeeder(boolean fixed) {
        this.fixed = fixed;
        this.users = fixed ? new ConcurrentHashMap<>() : new HashMap<>(64);
    }

    /** Inserts the user unless it exists; true when this call inserted it. */
    boolean seed(String email) {
        if (fixed) {
            // One atomic step: exactly one worker's insert wins, the others see it and skip.
            return users.putIfAbsent(email, new User(email, Thread.currentThread().getName())) == null;
        }
        // Check, then insert: another worker can pass the same check before this put lands.
        if (!users.containsKey(email)) {
            users.put(email, new User(email, Thread.currentThread().getName()));
            return true;
        }
        return false;
    }

    int size() {
        return users.size();
    }
}
