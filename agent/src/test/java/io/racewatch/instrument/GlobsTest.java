package io.racewatch.instrument;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobsTest {
    @Test
    void starsAndQuestionMarks() {
        assertTrue(Globs.matches("*", ""));
        assertTrue(Globs.matches("*", "com.acme.App"));
        assertTrue(Globs.matches("com.acme.*", "com.acme.jobs.JobTracker$Inner"));
        assertFalse(Globs.matches("com.acme.*", "com.acmex.App"));
        assertTrue(Globs.matches("org.shop.Cart?", "org.shop.Cart2"));
        assertFalse(Globs.matches("org.shop.Cart?", "org.shop.Cart22"));
        assertFalse(Globs.matches("org.shop.Cart?", "org.shop.Cart"));
        assertTrue(Globs.matches("*.Cart*Test", "org.shop.CartTest"));
        assertTrue(Globs.matches("*.Cart*Test", "org.shop.CartOfTestTest"));
        assertFalse(Globs.matches("*.Cart*Test", "org.shop.CartTests"));
        assertTrue(Globs.matches("a**b", "ab"));
        assertFalse(Globs.matches("", "a"));
        assertTrue(Globs.matches("", ""));
    }

    @Test
    void noGlobsIsNull() {
        assertNull(Globs.of(List.of()));
    }

    /** The regular expression ClassFilter compiled before: each glob character quoted, '*' as '.*', '?' as '.'. */
    @Test
    void agreesWithTheRegularExpressionItReplaces() {
        Random random = new Random(42);
        String alphabet = "ab.$";
        for (int i = 0; i < 20_000; i++) {
            String glob = randomText(random, "ab.*?$", 6);
            String name = randomText(random, alphabet, 8);
            StringBuilder regex = new StringBuilder();
            for (char c : glob.toCharArray()) {
                regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
            }
            assertEquals(Pattern.compile(regex.toString()).matcher(name).matches(), Globs.matches(glob, name),
                "glob '" + glob + "' on '" + name + "'");
        }
    }

    /** A set of globs, with its shortcuts (a lone star, a prefix and a star), answers as its globs one by one. */
    @Test
    void aSetMatchesWhenOneOfItsGlobsDoes() {
        assertTrue(Globs.of(List.of("*")).matches(""));
        assertTrue(Globs.of(List.of("com.acme.*")).matches("com.acme.App"));
        assertFalse(Globs.of(List.of("com.acme.*")).matches("com.acmeApp"));
        assertTrue(Globs.of(List.of("com.acme.**")).matches("com.acme."));
        assertFalse(Globs.of(List.of("com.acme.*?")).matches("com.acme."));
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            List<String> globs = new java.util.ArrayList<>();
            for (int k = random.nextInt(3) + 1; k > 0; k--) {
                String glob = randomText(random, "ab.*?$", 5);
                globs.add(random.nextInt(3) == 0 ? glob + "*" : glob);
            }
            String name = randomText(random, "ab.$", 8);
            boolean any = false;
            for (String g : globs) {
                any |= Globs.matches(g, name);
            }
            assertEquals(any, Globs.of(globs).matches(name), "globs " + globs + " on '" + name + "'");
        }
    }

    private static String randomText(Random random, String alphabet, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
