package io.racewatch.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code -javaagent:} argument for racewatch and how it joins a JVM argument line that
 * already has something in it: appended (other agents and options stay), replacing an earlier
 * racewatch argument rather than adding a second one.
 */
final class AgentArgument {
    private final File agentJar;
    private final List<String> options = new ArrayList<>();

    AgentArgument(File agentJar) {
        this.agentJar = agentJar;
    }

    /** Adds {@code key=value} when {@code value} is set; lists may be separated by commas or colons. */
    AgentArgument option(String key, Object value) {
        if (value != null && !value.toString().isBlank()) {
            String v = value.toString().trim();
            options.add(key + "=" + (key.equals("include") || key.equals("exclude") ? v.replaceAll("\\s*[,:]\\s*", ":") : v));
        }
        return this;
    }

    /** Adds a free-form option string as written ({@code key=value,key=value}). */
    AgentArgument options(String free) {
        if (free != null && !free.isBlank()) {
            options.add(free.trim());
        }
        return this;
    }

    /** {@code -javaagent:<jar>=<options>}, quoted when it contains a space. */
    String render() {
        String arg = "-javaagent:" + agentJar.getAbsolutePath() + (options.isEmpty() ? "" : "=" + String.join(",", options));
        return arg.contains(" ") ? "\"" + arg.replace("\"", "\\\"") + "\"" : arg;
    }

    /** {@code line} with this argument appended, or in place of the racewatch argument it had. */
    String appendTo(String line) {
        String arg = render();
        if (line == null || line.isBlank()) {
            return arg;
        }
        List<String> kept = new ArrayList<>();
        for (String word : words(line)) {
            if (!isRacewatch(word)) {
                kept.add(word);
            }
        }
        kept.add(arg);
        return String.join(" ", kept);
    }

    private boolean isRacewatch(String word) {
        String w = word.startsWith("\"") ? word.substring(1) : word;
        return w.startsWith("-javaagent:" + agentJar.getAbsolutePath());
    }

    /** Splits on spaces outside double quotes, keeping the quotes. */
    private static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' && (i == 0 || line.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (Character.isWhitespace(c) && !quoted) {
                if (word.length() > 0) {
                    out.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            out.add(word.toString());
        }
        return out;
    }
}
