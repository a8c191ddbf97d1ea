package demo.jobs;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seeds the default users at start-up; every worker runs the seeding, and it is meant to
 * happen once. The buggy seeder checks for the user and then inserts it, so two workers both
 * see "absent" and both create it (the second creation wins, the first user's id is lost).
 * (Seed: the user seeding race that crashed workers on start-up.)
 */
final class UserSeeder {
    record User(String email, int id) {
    }

    private final Map<String, User> users;
    private final boolean fixed;
    private final AtomicInteger ids = new AtomicInteger();

    UserSeeder(boolean fixed) {
        this.fixed = fixed;
        this.users = fixed ? new ConcurrentHashMap<>() : new HashMap<>(64);
    }

    void seed(String email) {
        if (fixed) {
            users.computeIfAbsent(email, e -> new User(e, ids.incrementAndGet()));
            return;
        }
        if (!users.containsKey(email)) {
            users.put(email, new User(email, ids.incrementAndGet()));
        }
    }

    int created() {
        return ids.get();
    }
}
