package io.racewatch.report;

import java.util.Arrays;
import java.util.Objects;

/**
 * What makes two findings one: kind, the sites of all accesses, and the test (one race fails
 * every test that runs into it). A repeat is looked up with a per-thread probe key that is
 * refilled in place, so counting a repeat allocates nothing; only a new finding's key is kept.
 */
final class FindingKey {
    /** A subclass, not {@code withInitial(FindingKey::new)}: a method reference is a class spun at start-up (preloading). */
    private static final ThreadLocal<FindingKey> PROBE = new ThreadLocal<>() {
        @Override
        protected FindingKey initialValue() {
            return new FindingKey();
        }
    };

    private String kind;
    private int[] sites;
    private String test;
    private int hash;

    private FindingKey() {
    }

    /** A key to store: its own copy of the sites. */
    static FindingKey of(String kind, int[] sites, String test) {
        return new FindingKey().fill(kind, sites.clone(), test);
    }

    /** This thread's probe key, filled for one lookup; never stored (it changes at the next lookup). */
    static FindingKey probe(String kind, int[] sites, String test) {
        return PROBE.get().fill(kind, sites, test);
    }

    private FindingKey fill(String kind, int[] sites, String test) {
        this.kind = kind;
        this.sites = sites;
        this.test = test;
        this.hash = (kind.hashCode() * 31 + Arrays.hashCode(sites)) * 31 + Objects.hashCode(test);
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FindingKey k && hash == k.hash && kind.equals(k.kind) && Arrays.equals(sites, k.sites)
            && Objects.equals(test, k.test);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
