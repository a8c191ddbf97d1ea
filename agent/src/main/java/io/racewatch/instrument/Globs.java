package io.racewatch.instrument;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of globs over dotted class names: {@code *} is any run of characters, {@code ?} one
 * character, anything else itself; a name matches when any glob matches it whole. Matched by
 * hand, not by a regular expression: compiling one loads and runs {@code java.util.regex} at
 * every start (some 10 ms of a trivial program's CPU), and matching is one pass per glob.
 */
final class Globs {
    /** The other globs (no wildcard, or one before the end), matched by hand. */
    private final String[] globs;
    /** The globs {@code prefix*} with no other wildcard, cut to their prefix: one {@code startsWith} each. */
    private final String[] prefixes;
    /**
     * A glob of stars alone ({@code include=*}, the default) matches every name: asked for every
     * class that loads, it was a loop over each name's characters, and a method the JIT compiled
     * several times over.
     */
    private final boolean all;

    private Globs(String[] globs, String[] prefixes, boolean all) {
        this.globs = globs;
        this.prefixes = prefixes;
        this.all = all;
    }

    /** The globs given, or null for none (matches nothing: callers test for null). */
    static Globs of(List<String> globs) {
        if (globs.isEmpty()) {
            return null;
        }
        List<String> byHand = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        boolean all = false;
        for (String g : globs) {
            int wildcard = firstWildcard(g);
            if (wildcard < 0) {
                byHand.add(g); // no wildcard: matched whole, by hand as before
            } else if (onlyStars(g, wildcard)) {
                if (wildcard == 0) {
                    all = true;
                } else {
                    prefixes.add(g.substring(0, wildcard));
                }
            } else {
                byHand.add(g);
            }
        }
        return new Globs(byHand.toArray(new String[0]), prefixes.toArray(new String[0]), all);
    }

    private static int firstWildcard(String glob) {
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                return i;
            }
        }
        return -1;
    }

    /** True when {@code glob} from {@code from} on is stars only. */
    private static boolean onlyStars(String glob, int from) {
        for (int i = from; i < glob.length(); i++) {
            if (glob.charAt(i) != '*') {
                return false;
            }
        }
        return true;
    }

    boolean matches(String name) {
        if (all) {
            return true;
        }
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        for (String g : globs) {
            if (matches(g, name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whole-string match, backtracking only to the last {@code *} seen: a later star can always
     * take over what an earlier one would have had to match, so no earlier choice is revisited.
     */
    static boolean matches(String glob, String name) {
        int g = 0;
        int n = 0;
        int star = -1;
        int starAt = 0;
        while (n < name.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == name.charAt(n)) && glob.charAt(g) != '*') {
                g++;
                n++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                starAt = n;
            } else if (star >= 0) {
                g = star + 1;
                n = ++starAt;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
