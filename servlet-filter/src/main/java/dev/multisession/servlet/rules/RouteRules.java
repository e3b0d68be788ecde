package dev.multisession.servlet.rules;

import dev.multisession.core.config.ConfigurationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * URL-pattern rules from {@code multisession.routes}: one rule per line (or separated by
 * {@code ;}), {@code <pattern> => <requirement>[, <requirement>…]}, first matching rule wins,
 * no matching rule means public.
 *
 * <pre>{@code
 * /health            => public
 * /admin/*           => role:org:admin
 * /invoices/*        => permission:org:invoices:read
 * /team/*            => organization
 * /api/*             => signed-in
 * *.css              => public
 * }</pre>
 *
 * <p>Patterns follow servlet mapping: an exact path, a prefix ending in {@code /*}
 * ({@code /admin/*} matches {@code /admin} and everything below), an extension {@code *.ext},
 * or {@code /*} for everything. Requirements: {@code public}, {@code signed-in},
 * {@code organization}, {@code role:<role>}, {@code permission:<permission>}; several on one
 * rule must all hold.
 */
public final class RouteRules {
    private final List<Rule> rules;

    private RouteRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** No rules: everything is public (the filter still authenticates and wraps the request). */
    public static RouteRules none() {
        return new RouteRules(List.of());
    }

    /** Parses the rule text; a bad line fails with a message naming the line and the fix. */
    public static RouteRules parse(String key, String text) {
        List<Rule> parsed = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return none();
        }
        int lineNo = 0;
        for (String raw : text.split("[;\\n]")) {
            lineNo++;
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int arrow = line.indexOf("=>");
            if (arrow < 0) {
                throw new ConfigurationException(key, "rule " + lineNo + " '" + printable(line)
                        + "' has no '=>'; write '<pattern> => <requirement>', e.g. '/admin/* => role:org:admin'");
            }
            String pattern = line.substring(0, arrow).trim();
            checkPattern(key, lineNo, pattern);
            List<Requirement> requirements = new ArrayList<>();
            for (String r : line.substring(arrow + 2).split(",")) {
                requirements.add(requirement(key, lineNo, r.trim()));
            }
            parsed.add(new Rule(pattern, List.copyOf(requirements)));
        }
        return new RouteRules(parsed);
    }

    /** The requirements of the first rule matching {@code path}; public when none matches. */
    public List<Requirement> requirementsFor(String path) {
        for (Rule rule : rules) {
            if (matches(rule.pattern(), path)) {
                return rule.requirements();
            }
        }
        return List.of(new Requirement.Public());
    }

    static boolean matches(String pattern, String path) {
        if (pattern.equals("/*") || pattern.equals("/")) {
            return true;
        }
        if (pattern.endsWith("/*")) {
            String base = pattern.substring(0, pattern.length() - 2);
            return path.equals(base) || path.startsWith(base + "/");
        }
        if (pattern.startsWith("*.")) {
            return path.endsWith(pattern.substring(1));
        }
        return path.equals(pattern);
    }

    private static void checkPattern(String key, int lineNo, String pattern) {
        boolean ok = pattern.startsWith("/") && (pattern.indexOf('*') < 0 || pattern.endsWith("/*")
                && pattern.indexOf('*') == pattern.length() - 1)
                || pattern.startsWith("*.") && pattern.length() > 2 && pattern.indexOf('*', 1) < 0;
        if (!ok) {
            throw new ConfigurationException(key, "rule " + lineNo + ": '" + printable(pattern)
                    + "' is not a pattern; write an exact path (/health), a prefix (/admin/*) or an extension (*.css)");
        }
    }

    private static Requirement requirement(String key, int lineNo, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("public")) {
            return new Requirement.Public();
        }
        if (lower.equals("signed-in") || lower.equals("authenticated")) {
            return new Requirement.SignedIn();
        }
        if (lower.equals("organization")) {
            return new Requirement.OrganizationRequired();
        }
        if (lower.startsWith("role:") && text.length() > 5) {
            return new Requirement.Role(text.substring(5).trim());
        }
        if (lower.startsWith("permission:") && text.length() > 11) {
            return new Requirement.Permission(text.substring(11).trim());
        }
        throw new ConfigurationException(key, "rule " + lineNo + ": '" + printable(text) + "' is not a requirement; write "
                + "public, signed-in, organization, role:<role> or permission:<permission>");
    }

    private static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    /** One parsed rule. */
    record Rule(String pattern, List<Requirement> requirements) {
    }
}
