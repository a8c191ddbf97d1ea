package io.racewatch.report;

/** Escaping for generated HTML and SVG text and attribute values. */
final class Html {
    private Html() {
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Milliseconds with one decimal, from nanoseconds. */
    static String ms(long ns) {
        return String.format(java.util.Locale.ROOT, "%.1f", ns / 1e6);
    }
}
