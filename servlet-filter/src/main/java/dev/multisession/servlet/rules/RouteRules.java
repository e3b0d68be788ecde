package dev.multisession.servlet.rules;

import dev.multisession.core.config.ConfigurationException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

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
    private static final List<Requirement> PUBLIC = List.of(new Requirement.Public());
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
            for (String r : line.substring(arrow + 2).split(",", -1)) { // -1: a trailing comma is an error, not nothing
                requirements.add(requirement(key, lineNo, r.trim()));
            }
            parsed.add(new Rule(pattern, List.copyOf(requirements)));
        }
        return new RouteRules(parsed);
    }

    /**
     * The requirements of the first rule matching {@code path}; public when none matches.
     *
     * <p>{@code path} may be the raw request URI below the context path, while the container
     * hands the app a decoded, normalized path: {@code /%70ages/x}, {@code /pages;p=1/x},
     * {@code /x/../pages/x} and {@code /./pages/x} all reach the app as {@code /pages/x}. So
     * the rules are matched against both the path as given and its canonical form (path
     * parameters removed, percent-decoded once, {@code .}/{@code ..} resolved, repeated or
     * back-slashes folded), and the requirements of both first matches must hold. A path
     * with no canonical form (bad percent-encoding, {@code ..} above the root) must meet the
     * requirements of every rule: checks fail closed.
     */
    public List<Requirement> requirementsFor(String path) {
        if (rules.isEmpty()) {
            return PUBLIC;
        }
        String given = path == null || path.isEmpty() ? "/" : path;
        if (isPlain(given)) {
            return firstMatch(given);
        }
        Optional<String> canonical = canonical(given);
        if (canonical.isEmpty()) {
            Set<Requirement> all = new LinkedHashSet<>();
            rules.forEach(r -> all.addAll(r.requirements()));
            all.remove(new Requirement.Public());
            return all.isEmpty() ? PUBLIC : List.copyOf(all);
        }
        List<Requirement> asGiven = firstMatch(given);
        if (canonical.get().equals(given)) {
            return asGiven;
        }
        List<Requirement> asServed = firstMatch(canonical.get());
        if (asServed.equals(asGiven)) {
            return asServed;
        }
        Set<Requirement> both = new LinkedHashSet<>(asGiven);
        both.addAll(asServed);
        both.remove(new Requirement.Public());
        return both.isEmpty() ? PUBLIC : List.copyOf(both);
    }

    /** True when there are no rules (everything is public). */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * The patterns of the rules that need more than {@code public} which no servlet URL pattern
     * of {@code filterUrlPatterns} covers entirely: requests there would never reach a filter
     * mapped that way, so those rules would protect nothing. {@code /*} covers every rule; a
     * prefix pattern covers the exact paths and prefixes below it; an extension pattern covers
     * that extension and exact paths ending with it; an exact pattern covers the same exact path.
     * A mapping {@code /} is taken to cover nothing (containers differ on what it matches for a
     * filter), and a rule {@code /} (everything) only {@code /*} covers.
     */
    public List<String> protectedPatternsOutside(Collection<String> filterUrlPatterns) {
        List<String> outside = new ArrayList<>();
        for (Rule rule : rules) {
            boolean protects = rule.requirements().stream().anyMatch(r -> !(r instanceof Requirement.Public));
            if (protects && !outside.contains(rule.pattern())
                    && filterUrlPatterns.stream().noneMatch(f -> covers(f, rule.pattern()))) {
                outside.add(rule.pattern());
            }
        }
        return List.copyOf(outside);
    }

    /** True when every request a rule with {@code rulePattern} matches also matches the filter URL pattern {@code mapping}. */
    static boolean covers(String mapping, String rulePattern) {
        if (mapping == null) {
            return false;
        }
        if (mapping.equals("/*")) {
            return true;
        }
        boolean ruleIsPrefix = rulePattern.endsWith("/*");
        boolean ruleIsExtension = rulePattern.startsWith("*.");
        if (mapping.endsWith("/*")) {
            String base = mapping.substring(0, mapping.length() - 2);
            if (ruleIsExtension) {
                return false;
            }
            String ruleBase = ruleIsPrefix ? rulePattern.substring(0, rulePattern.length() - 2) : rulePattern;
            return ruleBase.equals(base) || ruleBase.startsWith(base + "/");
        }
        if (mapping.startsWith("*.")) {
            return rulePattern.equals(mapping) || !ruleIsPrefix && !ruleIsExtension && rulePattern.endsWith(mapping.substring(1));
        }
        return !mapping.equals("/") && !ruleIsPrefix && !ruleIsExtension && rulePattern.equals(mapping);
    }

    /** True when the container would serve {@code path} as it is: nothing to decode, strip or resolve. */
    private static boolean isPlain(String path) {
        if (!path.startsWith("/") || path.contains("//") || path.contains("/.")) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' || c == ';' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private List<Requirement> firstMatch(String path) {
        for (Rule rule : rules) {
            if (matches(rule.pattern(), path)) {
                return rule.requirements();
            }
        }
        return PUBLIC;
    }

    /**
     * The path as a servlet container serves it; empty when it has none (then the caller
     * fails closed).
     */
    static Optional<String> canonical(String path) {
        if (!path.startsWith("/")) {
            return Optional.empty();
        }
        Deque<String> segments = new ArrayDeque<>();
        String[] parts = path.substring(1).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            int semicolon = part.indexOf(';');
            if (semicolon >= 0) {
                part = part.substring(0, semicolon);
            }
            String decoded;
            try {
                decoded = part.indexOf('%') < 0 ? part : URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            boolean last = i == parts.length - 1;
            for (String piece : decoded.replace('\\', '/').split("/", -1)) {
                if (piece.equals(".")) {
                    continue;
                }
                if (piece.equals("..")) {
                    if (segments.isEmpty()) {
                        return Optional.empty();
                    }
                    segments.removeLast();
                    continue;
                }
                if (piece.isEmpty() && !last) {
                    continue;
                }
                segments.addLast(piece);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String s : segments) {
            sb.append('/').append(s);
        }
        String result = sb.length() == 0 ? "/" : sb.toString();
        if (result.length() > 1 && result.endsWith("/") && result.charAt(result.length() - 2) == '/') {
            result = result.replaceAll("/+$", "/");
        }
        return Optional.of(result);
    }

    static boolean matches(String pattern, String path) {
        if (pattern.equals("/*") || pattern.equals("/")) {
            return true;
        }
        // in place, no substring: this runs for every rule up to the first match, on every request
        if (pattern.endsWith("/*")) {
            int base = pattern.length() - 2; // the path is the base, or the base then '/'
            return path.regionMatches(0, pattern, 0, base)
                    && (path.length() == base || path.length() > base && path.charAt(base) == '/');
        }
        if (pattern.startsWith("*.")) {
            int suffix = pattern.length() - 1; // ".ext"
            return path.length() >= suffix && path.regionMatches(path.length() - suffix, pattern, 1, suffix);
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
