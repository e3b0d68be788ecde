package dev.multisession.core.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fails the deployment on a {@code multisession.*} key (or {@code MULTISESSION_*} environment
 * variable) that no multisession module on the class path reads, so a misspelt key is not
 * silently ignored. The known keys are {@link ConfigKeys#ALL} and those every {@link KnownKeys}
 * found by {@link java.util.ServiceLoader} lists (thread context class loader and the core's).
 * Only sources that list their names ({@link ConfigSource#keys()}) are checked.
 *
 * <pre>{@code
 * ConfigSource[] sources = {ConfigSource.systemProperties(), ConfigSource.environment()};
 * UnknownKeys.check(sources);   // multisession.sesions.max-per-client: unknown key (from system property …);
 *                               // did you mean multisession.sessions.max-per-client? …
 * MultiSessionConfig config = MultiSessionConfig.builder().from(sources).build();
 * }</pre>
 */
public final class UnknownKeys {
    /** At most this many {@link KnownKeys} providers per class loader: a broken service file cannot loop forever. */
    private static final int MAX_PROVIDERS = 1_000;

    private UnknownKeys() {
    }

    /**
     * Throws a {@link ConfigurationException} for the first name, in source order and then in
     * alphabetical order, that no module reads. Its key is the name as the source spells it; the
     * message says where it came from and, when a known key is close, suggests it.
     */
    public static void check(ConfigSource... sources) {
        Known known = known();
        checkAgainst(known.keys, known.patterns, known.failures, sources);
    }

    /** {@link #check(ConfigSource...)} against the given known keys (for tests). */
    static void check(Collection<String> knownKeys, ConfigSource... sources) {
        checkAgainst(knownKeys, List.of(), List.of(), sources);
    }

    private static void checkAgainst(Collection<String> knownKeys, List<KnownKeys> patterns, List<String> failures,
                                     ConfigSource... sources) {
        Objects.requireNonNull(sources, "sources");
        Set<String> keys = new LinkedHashSet<>(knownKeys);
        Set<String> environmentNames = new LinkedHashSet<>();
        for (String key : keys) {
            environmentNames.add(ConfigSource.environmentName(key));
        }
        for (ConfigSource source : sources) {
            Set<String> names = source.keys();
            if (names == null) {
                continue;
            }
            for (String name : new TreeSet<>(names)) {
                if (name == null) {
                    continue;
                }
                if (name.startsWith(ConfigSource.PREFIX) && !keys.contains(name)
                        && patterns.stream().noneMatch(p -> p.knowsKey(name))) {
                    throw unknown(name, source, suggestion(name, ConfigSource.PREFIX, keys), failures);
                }
                if (name.startsWith(ConfigSource.ENVIRONMENT_PREFIX) && !environmentNames.contains(name)
                        && patterns.stream().noneMatch(p -> p.knowsEnvironmentName(name))) {
                    throw unknown(name, source, suggestion(name, ConfigSource.ENVIRONMENT_PREFIX, environmentNames)
                            .map(env -> env + " (" + keyOf(env, keys) + ")"), failures);
                }
            }
        }
    }

    private static ConfigurationException unknown(String name, ConfigSource source, Optional<String> suggestion,
                                                  List<String> failures) {
        String message = "unknown key (from " + Values.printable(source.describe(name), 160) + "); "
                + suggestion.map(s -> "did you mean " + s + "? Correct the spelling or remove it")
                        .orElse("no multisession module on the class path reads it: correct the spelling (the README"
                                + " lists every key), add the module that reads it, or remove it");
        if (!failures.isEmpty()) {
            message += " (" + failures.size() + " KnownKeys provider(s) could not be loaded, so their keys read as"
                    + " unknown: " + Values.printable(failures.get(0), 160) + ")";
        }
        return new ConfigurationException(Values.printable(name), message);
    }

    private static String keyOf(String environmentName, Collection<String> keys) {
        for (String key : keys) {
            if (ConfigSource.environmentName(key).equals(environmentName)) {
                return key;
            }
        }
        return environmentName;
    }

    /**
     * The known name nearest to {@code name} by edit distance (compared after the shared prefix),
     * when it is at most {@code max(3, length / 4)} edits away; the first such name on a tie.
     */
    static Optional<String> suggestion(String name, String prefix, Collection<String> known) {
        String rest = name.substring(prefix.length());
        int limit = Math.max(3, rest.length() / 4);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            if (!candidate.startsWith(prefix)) {
                continue;
            }
            String candidateRest = candidate.substring(prefix.length());
            if (Math.abs(candidateRest.length() - rest.length()) > limit) {
                continue;
            }
            int d = distance(rest, candidateRest);
            if (d <= limit && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character each cost 1. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private record Known(Set<String> keys, List<KnownKeys> patterns, List<String> failures) {
    }

    /** {@link ConfigKeys#ALL}, then the keys of every {@link KnownKeys} the class loaders find. */
    private static Known known() {
        Set<String> keys = new LinkedHashSet<>(ConfigKeys.ALL);
        List<KnownKeys> patterns = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        ClassLoader own = UnknownKeys.class.getClassLoader();
        if (own == null) {
            own = ClassLoader.getSystemClassLoader();
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        List<ClassLoader> loaders = context == null || context == own ? List.of(own) : List.of(context, own);
        for (ClassLoader loader : loaders) {
            Iterator<KnownKeys> providers = ServiceLoader.load(KnownKeys.class, loader).iterator();
            for (int i = 0; i < MAX_PROVIDERS; i++) {
                try {
                    if (!providers.hasNext()) {
                        break;
                    }
                    KnownKeys provider = providers.next();
                    patterns.add(provider);
                    Collection<String> listed = provider.keys();
                    if (listed != null) {
                        listed.stream().filter(Objects::nonNull).forEach(keys::add);
                    }
                } catch (ServiceConfigurationError e) {
                    failures.add(String.valueOf(e.getMessage()));
                }
            }
        }
        return new Known(keys, patterns, failures);
    }
}
