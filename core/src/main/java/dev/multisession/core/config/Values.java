package dev.multisession.core.config;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses raw configuration strings; every failure names the key and the accepted form. */
final class Values {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");
    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Zl}\\p{Zp}]");

    private Values() {
    }

    static Duration duration(String key, String raw) {
        String value = raw.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT_DURATION.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(raw.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new ConfigurationException(key, "'" + printable(raw)
                    + "' is not a duration; write a number with a unit (500ms, 60s, 5m, 12h, 7d) or ISO-8601 (PT60S)");
        }
    }

    static int integer(String key, String raw) {
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key, "'" + printable(raw) + "' is not a whole number");
        }
    }

    static boolean bool(String key, String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new ConfigurationException(key, "'" + printable(raw) + "' is not a boolean; write true or false");
    }

    static Set<String> list(String raw) {
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    static URI uri(String key, String raw) {
        try {
            URI uri = new URI(raw.trim());
            if (!uri.isAbsolute() || uri.getHost() == null) {
                throw new ConfigurationException(key, "'" + printable(raw) + "' is not an absolute http(s) URL");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new ConfigurationException(key, "'" + printable(raw) + "' is not a URL: " + e.getReason());
        }
    }

    static java.nio.file.Path path(String key, String raw) {
        try {
            return java.nio.file.Path.of(raw.trim());
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigurationException(key, "'" + printable(raw) + "' is not a file path; write the path of a readable file");
        }
    }

    /**
     * Keeps a value safe to print in a message: control characters (C0 and C1), invisible format
     * characters (e.g. bidi overrides) and line or paragraph separators replaced, length capped.
     */
    static String printable(String raw) {
        return printable(raw, 80);
    }

    /** {@link #printable(String)} with a cap of {@code max} code points. */
    static String printable(String raw, int max) {
        String s = raw.codePointCount(0, raw.length()) > max
                ? raw.substring(0, raw.offsetByCodePoints(0, max)) + "…" : raw;
        return UNPRINTABLE.matcher(s).replaceAll("?");
    }
}
