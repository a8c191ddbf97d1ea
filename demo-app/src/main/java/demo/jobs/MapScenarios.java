package demo.jobs;

import java.util.List;
import java.util.concurrent.locks.Lock;

/**
 * The map mistakes of the seeds, each run by two threads that the code does not order: the
 * way a worker and a heartbeat, or two start-up workers, really run.
 */
final class MapScenarios {
    private MapScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
            new Scenario("lock-registry", MapScenarios::lockRegistry),
            new Scenario("job-tracker", MapScenarios::jobTracker),
            new Scenario("user-seeder", MapScenarios::userSeeder));
    }

    /** Starts both bodies on threads of their own and waits for them: the only ordering is start and join. */
    static void runTogether(String firstName, Runnable first, String secondName, Runnable second) throws InterruptedException {
        Thread a = new Thread(first, firstName);
        Thread b = new Thread(second, secondName);
        a.start();
        b.start();
        a.join();
        b.join();
    }

    private static String lockRegistry(boolean fixed) throws Exception {
        LockRegistry registry = new LockRegistry(fixed);
        Runnable updateJob = () -> {
            Lock lock = registry.lockFor("job-7");
            lock.lock();
            try {
                registry.size();
            } finally {
                lock.unlock();
            }
        };
        runTogether("api-1", updateJob, "api-2", updateJob);
        return "two request threads locked job-7 through the registry (" + registry.size() + " lock)";
    }

    private static String jobTracker(boolean fixed) throws Exception {
        JobTracker tracker = new JobTracker(fixed);
        String[] ids = {"job-1", "job-2", "job-3"};
        for (String id : ids) {
            tracker.register(id);
        }
        Runnable worker = () -> {
            for (int round = 0; round < 50; round++) {
                for (String id : ids) {
                    tracker.advance(id, 1);
                }
            }
        };
        Runnable heartbeat = () -> {
            for (int round = 0; round < 50; round++) {
                for (String id : ids) {
                    tracker.beat(id, round);
                }
            }
        };
        runTogether("worker", worker, "heartbeat", heartbeat);
        return "worker and heartbeat updated " + ids.length + " jobs (job-1 progress " + tracker.status("job-1").progress() + " of 50)";
    }

    private static String userSeeder(boolean fixed) throws Exception {
        UserSeeder seeder = new UserSeeder(fixed);
        int[] inserts = new int[2]; // one slot per worker, read after the join: no sharing between them
        runTogether("startup-1", () -> inserts[0] = seedDefaults(seeder), "startup-2", () -> inserts[1] = seedDefaults(seeder));
        return "two start-up workers seeded the default users (" + (inserts[0] + inserts[1]) + " created for 2 emails)";
    }

    private static int seedDefaults(UserSeeder seeder) {
        int inserted = 0;
        for (String email : new String[] {"admin@example.com", "support@example.com"}) {
            if (seeder.seed(email)) {
                inserted++;
            }
        }
        return inserted;
    }
}
