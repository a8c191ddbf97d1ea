package io.racewatch.runtime;

import java.util.Arrays;

/**
 * Registry of instrumented call sites. Ids are dense ints baked into the rewritten bytecode,
 * so a probe names its site for free and the site's details are looked up only on a finding.
 */
public final class Sites {
    private static final Site UNKNOWN = new Site(0, "unknown", "unknown", null, -1, null);
    private static volatile Site[] sites = {UNKNOWN};
    private static int count = 1;

    private Sites() {
    }

    public static synchronized int register(String className, String method, String file, int line, String receiverField) {
        if (count == sites.length) {
            sites = Arrays.copyOf(sites, count * 2);
        }
        int id = count++;
        // The sites of one method are registered one after another: they share its names' strings,
        // so that telling whether two sites are in one method (a check-then-act's read and write,
        // at every shared write) mostly ends at the strings' identity.
        Site previous = id > 0 ? sites[id - 1] : null;
        if (previous != null && previous.className.equals(className)) {
            className = previous.className;
            if (previous.method.equals(method)) {
                method = previous.method;
            }
        }
        sites[id] = new Site(id, className, method, file, line, receiverField);
        return id;
    }

    public static Site get(int id) {
        Site[] all = sites;
        Site s = id >= 0 && id < all.length ? all[id] : null;
        return s == null ? UNKNOWN : s;
    }

    public static synchronized int count() {
        return count - 1;
    }
}
