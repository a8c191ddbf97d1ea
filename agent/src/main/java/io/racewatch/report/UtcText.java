package io.racewatch.report;

/**
 * A moment as ISO-8601 text in UTC, as {@link java.time.Instant#toString} writes a whole
 * millisecond ({@code 2026-11-30T01:38:00Z}, {@code 2026-11-30T01:38:00.250Z}), without
 * java.time's formatter: its first use loads and links dozens of classes at start-up.
 */
final class UtcText {
    private static final long MS_PER_DAY = 86_400_000L;

    private UtcText() {
    }

    static String of(long epochMillis) {
        long days = Math.floorDiv(epochMillis, MS_PER_DAY);
        long msOfDay = Math.floorMod(epochMillis, MS_PER_DAY);
        // civil date from days since 1970-01-01, by 400-year eras starting on March 1st
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153; // 0 = March
        long day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
        long month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        StringBuilder out = new StringBuilder(24);
        if (year > 9999) {
            out.append('+');
        }
        pad(out, year, 4).append('-');
        pad(out, month, 2).append('-');
        pad(out, day, 2).append('T');
        pad(out, msOfDay / 3_600_000, 2).append(':');
        pad(out, msOfDay / 60_000 % 60, 2).append(':');
        pad(out, msOfDay / 1000 % 60, 2);
        if (msOfDay % 1000 != 0) {
            pad(out.append('.'), msOfDay % 1000, 3);
        }
        return out.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder out, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }
}
