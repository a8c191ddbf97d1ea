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

    private static String randomText(Random random, String alphabet, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
