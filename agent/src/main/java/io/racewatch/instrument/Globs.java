package io.racewatch.instrument;

import java.util.List;

/**
 * A set of globs over dotted class names: {@code *} is any run of characters, {@code ?} one
 * character, anything else itself; a name matches when any glob matches it whole. Matched by
 * hand, not by a regular expression: compiling one loads and runs {@code java.util.regex} at
 * every start (some 10 ms of a trivial program's CPU), and matching is one pass per glob.
 */
final class Globs {
    private final String[] globs;

    private Globs(String[] globs) {
        this.globs = globs;
    }

    /** The globs given, or null for none (matches nothing: callers test for null). */
    static Globs of(List<String> globs) {
        return globs.isEmpty() ? null : new Globs(globs.toArray(new String[0]));
    }

    boolean matches(String name) {
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
