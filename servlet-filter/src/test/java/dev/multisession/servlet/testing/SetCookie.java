package dev.multisession.servlet.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One parsed {@code Set-Cookie} header: name, value and attributes (names lower-cased; flag
 * attributes such as {@code HttpOnly} map to ""). {@link #toString()} and {@link #redacted()}
 * never show the value, so a failing assertion cannot print a token.
 *
 * <pre>{@code
 * for (SetCookie c : SetCookie.all(response)) {
 *     assertTrue(c.has("httponly"), c.redacted());
 * }
 * }</pre>
 */
public record SetCookie(String name, String value, Map<String, String> attributes) {

    public static SetCookie parse(String header) {
        String[] parts = header.split(";");
        String first = parts[0];
        int eq = first.indexOf('=');
        String name = (eq < 0 ? first : first.substring(0, eq)).trim();
        String value = eq < 0 ? "" : first.substring(eq + 1).trim();
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.isEmpty()) {
                continue;
            }
            int e = p.indexOf('=');
            String key = (e < 0 ? p : p.substring(0, e)).trim().toLowerCase(Locale.ROOT);
            attributes.put(key, e < 0 ? "" : p.substring(e + 1).trim());
        }
        return new SetCookie(name, value, Map.copyOf(attributes));
    }

    /** Every {@code Set-Cookie} of a response, parsed. */
    public static List<SetCookie> all(Browser.Response response) {
        List<SetCookie> out = new ArrayList<>();
        response.setCookies().forEach(h -> out.add(parse(h)));
        return out;
    }

    /** The last {@code Set-Cookie} for {@code name} in a response, if any. */
    public static Optional<SetCookie> named(Browser.Response response, String name) {
        SetCookie found = null;
        for (SetCookie c : all(response)) {
            if (c.name().equals(name)) {
                found = c;
            }
        }
        return Optional.ofNullable(found);
    }

    /** True when the attribute (case-insensitive name) is present. */
    public boolean has(String attribute) {
        return attributes.containsKey(attribute.toLowerCase(Locale.ROOT));
    }

    public Optional<String> attribute(String attribute) {
        return Optional.ofNullable(attributes.get(attribute.toLowerCase(Locale.ROOT)));
    }

    /** A deletion: {@code Max-Age=0}. */
    public boolean isDeletion() {
        return "0".equals(attributes.get("max-age"));
    }

    /** Name and attributes, the value hidden: safe for assertion messages. */
    public String redacted() {
        return name + "=<" + value.length() + " chars> " + attributes;
    }

    @Override
    public String toString() {
        return redacted();
    }
}
