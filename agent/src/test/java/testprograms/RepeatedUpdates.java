package testprograms;

import java.util.Map;
import java.util.HashMap;

/**
 * The same read-modify-write of a HashMap key, struck again and again: in each round A bumps
 * its round's key with get-then-put, then B does, their turns taken through a signal the agent
 * cannot see ({@code racy}) or under one lock ({@code clean}). {@code args}: rounds, racy or
 * clean, and milliseconds to pause between rounds (so that rounds fall in and out of staging
 * mode's sampling windows). Prints {@code rounds=<n> total=<sum of the counts>}.
 */
public final class RepeatedUpdates {
    private static final Map<String, Integer> counts = new HashMap<>();
    private static final Object lock = new Object();

    public static void main(String[] args) throws InterruptedException {
        int rounds = Integer.parseInt(args[0]);
        boolean racy = args[1].equals("racy");
        long pauseMs = args.length > 2 ? Long.parseLong(args[2]) : 0;
        Handoff[] aDone = new Handoff[rounds];
        Handoff[] bDone = new Handoff[rounds];
        for (int i = 0; i < rounds; i++) {
            aDone[i] = new Handoff();
            bDone[i] = new Handoff();
        }
        Both.run("path-a", () -> {
            for (int i = 0; i < rounds; i++) {
                if (i > 0) {
                    bDone[i - 1].await();
                }
                pause(pauseMs);
                bump("k" + i, racy);
                aDone[i].signal();
            }
        }, "path-b", () -> {
            for (int i = 0; i < rounds; i++) {
                aDone[i].await();
                bump("k" + i, racy);
                bDone[i].signal();
            }
        });
        int total = 0;
        for (int v : counts.values()) {
            total += v;
        }
        System.out.println("rounds=" + rounds + " total=" + total);
    }

    private static void bump(String key, boolean racy) {
        if (racy) {
            Integer v = counts.get(key); // @read
            counts.put(key, v == null ? 1 : v + 1); // @write
        } else {
            synchronized (lock) {
                Integer v = counts.get(key); // @read-locked
                counts.put(key, v == null ? 1 : v + 1); // @write-locked
            }
        }
    }

    private static void pause(long ms) {
        if (ms > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(ms * 1_000_000L);
        }
    }
}
