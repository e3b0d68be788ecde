package dev.multisession.core.config;

import com.nimbusds.jose.JWSAlgorithm;
import dev.multisession.core.clerk.ClerkSettings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one immutable configuration of multisession. Built from (highest first) the builder's
 * own setters, then the {@link ConfigSource}s given to {@link Builder#from}, in order, then
 * the defaults. Invalid values fail {@link Builder#build()} with a {@link ConfigurationException}
 * naming the key and the fix.
 *
 * <pre>{@code
 * MultiSessionConfig config = MultiSessionConfig.builder()
 *     .from(ConfigSource.systemProperties(), ConfigSource.environment())
 *     .issuer("https://app.example")
 *     .tokenLifetime(Duration.ofSeconds(60))
 *     .build();
 * }</pre>
 */
public final class MultiSessionConfig {

    /** Tokens the issuer may mint, at most (docs/how-it-works.md: "Session token"). */
    public static final int MAX_MINTED_TOKEN_BYTES = 3 * 1024;
    /** The most sessions one browser may hold: keeps the Cookie header under 8 KB. */
    public static final int MAX_SESSIONS_CEILING = 8;
    private static final Set<JWSAlgorithm> SUPPORTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256,
            JWSAlgorithm.EdDSA, JWSAlgorithm.PS256);
    /** The default of {@code multisession.store}: {@code InMemorySessionStore}. */
    public static final String MEMORY_STORE = "memory";
    /** The longest {@code multisession.organizations.membership-cache-ttl} accepted. */
    public static final Duration MAX_MEMBERSHIP_CACHE_TTL = Duration.ofHours(1);
    /** The longest {@code multisession.store.circuit-breaker.open-for} accepted. */
    public static final Duration MAX_CIRCUIT_BREAKER_OPEN_FOR = Duration.ofMinutes(5);
    /** A store provider name ({@code redis}) or a class name ({@code com.example.MyStore}). */
    private static final Pattern STORE_NAME = Pattern.compile("[A-Za-z0-9_$][A-Za-z0-9_$.-]{0,254}");
    /** A Java binary class name; identifier-ignorable control and format characters are not accepted. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\p{javaJavaIdentifierStart}[\\p{javaJavaIdentifierPart}&&[^\\p{Cc}\\p{Cf}]]*"
                    + "(\\.\\p{javaJavaIdentifierStart}[\\p{javaJavaIdentifierPart}&&[^\\p{Cc}\\p{Cf}]]*)*");

    private final Mode mode;
    private final TokenProfile tokenProfile;
    private final Optional<ClerkSettings> clerk;
    private final String issuer;
    private final JWSAlgorithm algorithm;
    private final Duration tokenLifetime;
    private final Duration refreshWindow;
    private final int tokenMaxLength;
    private final Duration clockSkew;
    private final Set<String> authorizedParties;
    private final Duration sessionLifetime;
    private final Optional<Duration> inactivityTimeout;
    private final Duration touchInterval;
    private final int maxSessionsPerClient;
    private final boolean evictAtCap;
    private final String store;
    private final int storeCircuitBreakerFailures;
    private final Duration storeCircuitBreakerOpenFor;
    private final Optional<Path> jwksFile;
    private final Optional<String> jwks;
    private final Optional<Path> pemFile;
    private final Optional<String> activeKid;
    private final Optional<URI> jwksUrl;
    private final Optional<String> publicKeyPem;
    private final Duration jwksCacheTtl;
    private final Duration jwksRefreshTimeout;
    private final Duration jwksRateLimit;
    private final Duration jwksOutageTolerance;
    private final int verifiedTokenCacheSize;
    private final boolean pathPrefixSelection;
    private final Optional<String> organizationDirectoryClass;
    private final Duration organizationMembershipCacheTtl;
    private final boolean startOnOnlyMembership;
    private final Clock clock;
    /** Raw values given to {@link Builder#set}, then the sources of {@link Builder#from}, highest first. */
    private final Map<String, String> rawSet;
    private final List<ConfigSource> sources;

    private MultiSessionConfig(Builder b) {
        mode = b.mode;
        tokenProfile = b.tokenProfile;
        clerk = Optional.ofNullable(b.clerkSettings);
        issuer = b.issuer;
        algorithm = b.algorithm;
        tokenLifetime = b.tokenLifetime;
        refreshWindow = b.refreshWindow;
        tokenMaxLength = b.tokenMaxLength;
        clockSkew = b.clockSkew;
        authorizedParties = Set.copyOf(b.authorizedParties);
        sessionLifetime = b.sessionLifetime;
        inactivityTimeout = Optional.ofNullable(b.inactivityTimeout);
        touchInterval = b.touchInterval;
        maxSessionsPerClient = b.maxSessionsPerClient;
        evictAtCap = b.evictAtCap;
        store = b.store.trim();
        storeCircuitBreakerFailures = b.storeCircuitBreakerFailures;
        storeCircuitBreakerOpenFor = b.storeCircuitBreakerOpenFor;
        jwksFile = Optional.ofNullable(b.jwksFile);
        jwks = Optional.ofNullable(b.jwks);
        pemFile = Optional.ofNullable(b.pemFile);
        activeKid = Optional.ofNullable(b.activeKid);
        jwksUrl = Optional.ofNullable(b.jwksUrl);
        publicKeyPem = Optional.ofNullable(b.publicKeyPem);
        jwksCacheTtl = b.jwksCacheTtl;
        jwksRefreshTimeout = b.jwksRefreshTimeout;
        jwksRateLimit = b.jwksRateLimit;
        jwksOutageTolerance = b.jwksOutageTolerance;
        verifiedTokenCacheSize = b.verifiedTokenCacheSize;
        pathPrefixSelection = b.pathPrefixSelection;
        organizationDirectoryClass = Optional.ofNullable(b.organizationDirectoryClass).map(String::trim);
        organizationMembershipCacheTtl = b.effectiveMembershipCacheTtl();
        startOnOnlyMembership = b.startOnOnlyMembership;
        clock = b.clock;
        rawSet = Map.copyOf(b.rawSet);
        sources = List.copyOf(b.sources);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults, overridden by system properties and {@code MULTISESSION_*} environment variables. */
    public static MultiSessionConfig fromEnvironment() {
        return builder().from(ConfigSource.systemProperties(), ConfigSource.environment()).build();
    }

    public Mode mode() { return mode; }

    /** Whose session tokens this node verifies; {@link TokenProfile#CLERK} implies {@link Mode#VERIFIER}. */
    public TokenProfile tokenProfile() { return tokenProfile; }

    /** The clerk profile's settings; present exactly when {@link #tokenProfile()} is {@link TokenProfile#CLERK}. */
    public Optional<ClerkSettings> clerk() { return clerk; }

    /** The exact {@code iss} minted and required. */
    public String issuer() { return issuer; }

    /** The algorithm tokens are signed with and the only one accepted. */
    public JWSAlgorithm algorithm() { return algorithm; }

    public Duration tokenLifetime() { return tokenLifetime; }

    /** A token with less than this left is refreshed in-line. */
    public Duration refreshWindow() { return refreshWindow; }

    /** Longest compact token accepted for verification, in characters. */
    public int tokenMaxLength() { return tokenMaxLength; }

    public Duration clockSkew() { return clockSkew; }

    /** When not empty, a token's {@code azp} must be one of these. */
    public Set<String> authorizedParties() { return authorizedParties; }

    public Duration sessionLifetime() { return sessionLifetime; }

    public Optional<Duration> inactivityTimeout() { return inactivityTimeout; }

    /** The store's last-active time is written at most this often per session. */
    public Duration touchInterval() { return touchInterval; }

    public int maxSessionsPerClient() { return maxSessionsPerClient; }

    /** At the cap: evict the least recently active session (true) or refuse sign-in (false). */
    public boolean evictAtCap() { return evictAtCap; }

    /**
     * Which session store the engine uses, trimmed: {@value #MEMORY_STORE} (the default), the
     * {@code name()} of a {@code SessionStoreProvider} found by {@link java.util.ServiceLoader}, or
     * the fully qualified class name of a {@code SessionStore}; {@code SessionStores.fromConfig}
     * makes it.
     */
    public String store() { return store; }

    /**
     * Consecutive store failures after which the engine's circuit breaker opens: store calls then
     * fail at once for {@link #storeCircuitBreakerOpenFor()}, then one call probes the store.
     * 0 means no circuit breaker.
     */
    public int storeCircuitBreakerFailures() { return storeCircuitBreakerFailures; }

    /** How long an open circuit breaker fails store calls at once before one call probes the store. */
    public Duration storeCircuitBreakerOpenFor() { return storeCircuitBreakerOpenFor; }

    public Optional<Path> jwksFile() { return jwksFile; }

    public Optional<String> jwks() { return jwks; }

    public Optional<Path> pemFile() { return pemFile; }

    public Optional<String> activeKid() { return activeKid; }

    public Optional<URI> jwksUrl() { return jwksUrl; }

    public Optional<String> publicKeyPem() { return publicKeyPem; }

    public Duration jwksCacheTtl() { return jwksCacheTtl; }

    public Duration jwksRefreshTimeout() { return jwksRefreshTimeout; }

    public Duration jwksRateLimit() { return jwksRateLimit; }

    public Duration jwksOutageTolerance() { return jwksOutageTolerance; }

    public int verifiedTokenCacheSize() { return verifiedTokenCacheSize; }

    /** When true, a {@code /u/<index>/} path prefix chooses the session and is stripped. */
    public boolean pathPrefixSelection() { return pathPrefixSelection; }

    /**
     * The fully qualified class name of the app's {@code OrganizationDirectory}, if configured;
     * {@code OrganizationDirectories.fromConfig} makes it.
     */
    public Optional<String> organizationDirectoryClass() { return organizationDirectoryClass; }

    /**
     * How long an organization directory's answer is reused when a token of a session with an
     * active organization is refreshed; defaults to {@link #tokenLifetime()}. A removed or demoted
     * member keeps the old role for at most one token lifetime plus this.
     */
    public Duration organizationMembershipCacheTtl() { return organizationMembershipCacheTtl; }

    /**
     * A sign-in that names no organization starts on the user's organization when the
     * organization directory lists exactly one (true, the default), else on the personal account.
     */
    public boolean startOnOnlyMembership() { return startOnOnlyMembership; }

    public Clock clock() { return clock; }

    /**
     * The raw text of any key, {@code multisession.*} or not, as configured: a value given to
     * {@link Builder#set} first, then the {@link ConfigSource}s given to {@link Builder#from}, in
     * order. For modules with keys of their own (a store module's {@code multisession.redis.url});
     * typed setters are not reflected here, so read the core's keys through their accessors.
     * Sources are consulted on each call (system properties as they are then).
     */
    public Optional<String> raw(String key) {
        Objects.requireNonNull(key, "key");
        String set = rawSet.get(key);
        if (set != null) {
            return Optional.of(set);
        }
        for (ConfigSource source : sources) {
            Optional<String> value = source.get(key);
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    /** True when signing keys were configured rather than generated for development. */
    public boolean hasConfiguredSigningKeys() {
        return jwksFile.isPresent() || jwks.isPresent() || pemFile.isPresent();
    }

    /** Mutable builder; {@link #build()} validates and freezes. */
    public static final class Builder {
        private Mode mode = Mode.ISSUER;
        private TokenProfile tokenProfile = TokenProfile.MULTISESSION;
        private String clerkPublishableKey;
        private String clerkFrontendApi;
        private String clerkSecretKey;
        private String clerkApiUrl;
        private boolean clerkAcceptPending;
        private ClerkSettings clerkSettings;
        private String issuer = "multisession";
        private JWSAlgorithm algorithm = JWSAlgorithm.RS256;
        private Duration tokenLifetime = Duration.ofSeconds(60);
        private Duration refreshWindow = Duration.ofSeconds(15);
        private int tokenMaxLength = 4096;
        private Duration clockSkew = Duration.ofSeconds(5);
        private Set<String> authorizedParties = Set.of();
        private Duration sessionLifetime = Duration.ofDays(7);
        private Duration inactivityTimeout;
        private Duration touchInterval = Duration.ofSeconds(60);
        private int maxSessionsPerClient = 5;
        private boolean evictAtCap;
        private String store = MEMORY_STORE;
        private int storeCircuitBreakerFailures = 5;
        private Duration storeCircuitBreakerOpenFor = Duration.ofSeconds(5);
        private Path jwksFile;
        private String jwks;
        private Path pemFile;
        private String activeKid;
        private URI jwksUrl;
        private String publicKeyPem;
        private Duration jwksCacheTtl = Duration.ofMinutes(5);
        private Duration jwksRefreshTimeout = Duration.ofSeconds(15);
        private Duration jwksRateLimit = Duration.ofSeconds(30);
        private Duration jwksOutageTolerance = Duration.ofHours(1);
        private int verifiedTokenCacheSize = 100_000;
        private boolean pathPrefixSelection;
        private String organizationDirectoryClass;
        /** Null: the token lifetime. */
        private Duration organizationMembershipCacheTtl;
        private boolean startOnOnlyMembership = true;
        private Clock clock = Clock.systemUTC();
        /** Keys given a value by a setter or {@link #set}: no source overrides them. */
        private final Set<String> explicit = new HashSet<>();
        /** Keys read from a source, with the source's description for error messages. */
        private final Map<String, String> origins = new HashMap<>();
        /** Every source given to {@link #from}, in order, for {@link MultiSessionConfig#raw}. */
        private final List<ConfigSource> sources = new ArrayList<>();
        /** Raw values given to {@link #set}. */
        private final Map<String, String> rawSet = new HashMap<>();

        private Builder() {
        }

        /**
         * Reads every key of {@link ConfigKeys#ALL} from the sources; the first source that has a
         * key wins, also across several calls of this method. A key given a value by a setter
         * (before or after this call) keeps the setter's value. The sources are kept for
         * {@link MultiSessionConfig#raw}. Keys no module knows are not checked here: see
         * {@link UnknownKeys#check}.
         */
        public Builder from(ConfigSource... sources) {
            for (ConfigSource source : sources) {
                this.sources.add(Objects.requireNonNull(source, "source"));
            }
            for (String key : ConfigKeys.ALL) {
                if (explicit.contains(key) || origins.containsKey(key)) {
                    continue;
                }
                for (ConfigSource source : sources) {
                    Optional<String> value = source.get(key);
                    if (value.isPresent()) {
                        apply(key, value.get(), source);
                        origins.put(key, source.describe(key));
                        break;
                    }
                }
            }
            return this;
        }

        /** Sets one key from its raw text form, as a property source would; like a setter, it beats every source. */
        public Builder set(String key, String raw) {
            apply(key, raw, ConfigSource.map(java.util.Map.of()));
            rawSet.put(key, raw);
            return mark(key);
        }

        private Builder mark(String key) {
            explicit.add(key);
            origins.remove(key);
            return this;
        }

        private void apply(String key, String raw, ConfigSource source) {
            if (raw == null) {
                throw new ConfigurationException(key, "has no value; give it one or leave it out (from "
                        + source.describe(key) + ")");
            }
            try {
                applyRaw(key, raw);
            } catch (ConfigurationException e) {
                throw new ConfigurationException(key, e.getMessage().substring(e.key().length() + 2)
                        + " (from " + source.describe(key) + ")");
            }
        }

        private void applyRaw(String key, String raw) {
            switch (key) {
                case ConfigKeys.MODE -> {
                    String v = raw.trim().toUpperCase(Locale.ROOT);
                    if (!v.equals("ISSUER") && !v.equals("VERIFIER")) {
                        throw new ConfigurationException(key, "'" + Values.printable(raw) + "' is not a mode; write issuer or verifier");
                    }
                    mode = Mode.valueOf(v);
                }
                case ConfigKeys.TOKEN_PROFILE -> tokenProfile = TokenProfile.parse(key, raw);
                case ConfigKeys.CLERK_PUBLISHABLE_KEY -> clerkPublishableKey = raw;
                case ConfigKeys.CLERK_FRONTEND_API -> clerkFrontendApi = raw;
                case ConfigKeys.CLERK_SECRET_KEY -> clerkSecretKey = raw;
                case ConfigKeys.CLERK_API_URL -> clerkApiUrl = raw;
                case ConfigKeys.CLERK_ACCEPT_PENDING -> clerkAcceptPending = Values.bool(key, raw);
                case ConfigKeys.ISSUER -> issuer = raw.trim();
                case ConfigKeys.TOKEN_ALGORITHM -> algorithm = algorithmOf(raw);
                case ConfigKeys.TOKEN_LIFETIME -> tokenLifetime = Values.duration(key, raw);
                case ConfigKeys.TOKEN_REFRESH_WINDOW -> refreshWindow = Values.duration(key, raw);
                case ConfigKeys.TOKEN_MAX_LENGTH -> tokenMaxLength = Values.integer(key, raw);
                case ConfigKeys.CLOCK_SKEW -> clockSkew = Values.duration(key, raw);
                case ConfigKeys.AUTHORIZED_PARTIES -> authorizedParties = Values.list(raw);
                case ConfigKeys.SESSION_LIFETIME -> sessionLifetime = Values.duration(key, raw);
                case ConfigKeys.SESSION_INACTIVITY_TIMEOUT ->
                        inactivityTimeout = raw.isBlank() ? null : Values.duration(key, raw);
                case ConfigKeys.SESSION_TOUCH_INTERVAL -> touchInterval = Values.duration(key, raw);
                case ConfigKeys.SESSIONS_MAX_PER_CLIENT -> maxSessionsPerClient = Values.integer(key, raw);
                case ConfigKeys.SESSIONS_EVICT_AT_CAP -> evictAtCap = Values.bool(key, raw);
                case ConfigKeys.STORE -> store = raw;
                case ConfigKeys.STORE_CIRCUIT_BREAKER_FAILURES -> storeCircuitBreakerFailures = Values.integer(key, raw);
                case ConfigKeys.STORE_CIRCUIT_BREAKER_OPEN_FOR -> storeCircuitBreakerOpenFor = Values.duration(key, raw);
                case ConfigKeys.KEYS_JWKS_FILE -> jwksFile = Values.path(key, raw);
                case ConfigKeys.KEYS_JWKS -> jwks = raw;
                case ConfigKeys.KEYS_PEM_FILE -> pemFile = Values.path(key, raw);
                case ConfigKeys.KEYS_ACTIVE_KID -> activeKid = raw.trim();
                case ConfigKeys.VERIFY_JWKS_URL -> jwksUrl = Values.uri(key, raw);
                case ConfigKeys.VERIFY_PUBLIC_KEY_PEM -> publicKeyPem = raw;
                case ConfigKeys.JWKS_CACHE_TTL -> jwksCacheTtl = Values.duration(key, raw);
                case ConfigKeys.JWKS_REFRESH_TIMEOUT -> jwksRefreshTimeout = Values.duration(key, raw);
                case ConfigKeys.JWKS_RATE_LIMIT -> jwksRateLimit = Values.duration(key, raw);
                case ConfigKeys.JWKS_OUTAGE_TOLERANCE -> jwksOutageTolerance = Values.duration(key, raw);
                case ConfigKeys.VERIFIED_TOKEN_CACHE_SIZE -> verifiedTokenCacheSize = Values.integer(key, raw);
                case ConfigKeys.PATH_PREFIX_SELECTION -> pathPrefixSelection = Values.bool(key, raw);
                case ConfigKeys.ORGANIZATION_DIRECTORY -> organizationDirectoryClass = raw.isBlank() ? null : raw.trim();
                case ConfigKeys.ORGANIZATIONS_MEMBERSHIP_CACHE_TTL ->
                        organizationMembershipCacheTtl = Values.duration(key, raw);
                case ConfigKeys.ORGANIZATIONS_START_ON_ONLY_MEMBERSHIP -> startOnOnlyMembership = Values.bool(key, raw);
                default -> throw new ConfigurationException(key, "unknown key; see the README for the keys multisession reads");
            }
        }

        private static JWSAlgorithm algorithmOf(String raw) {
            JWSAlgorithm alg = JWSAlgorithm.parse(raw.trim());
            if (!SUPPORTED.contains(alg)) {
                throw new ConfigurationException(ConfigKeys.TOKEN_ALGORITHM, "'" + Values.printable(raw)
                        + "' is not supported; write RS256 (default), ES256, EdDSA or PS256");
            }
            return alg;
        }

        public Builder mode(Mode mode) { this.mode = mode; return mark(ConfigKeys.MODE); }

        public Builder issuer(String issuer) { this.issuer = issuer; return mark(ConfigKeys.ISSUER); }

        /** Whose tokens to verify; {@link TokenProfile#CLERK} needs the {@code multisession.clerk.*} keys (see the README). */
        public Builder tokenProfile(TokenProfile profile) { this.tokenProfile = profile; return mark(ConfigKeys.TOKEN_PROFILE); }

        public Builder algorithm(JWSAlgorithm algorithm) {
            this.algorithm = algorithm == null ? null : algorithmOf(algorithm.getName());
            return mark(ConfigKeys.TOKEN_ALGORITHM);
        }

        public Builder tokenLifetime(Duration d) { this.tokenLifetime = d; return mark(ConfigKeys.TOKEN_LIFETIME); }

        public Builder refreshWindow(Duration d) { this.refreshWindow = d; return mark(ConfigKeys.TOKEN_REFRESH_WINDOW); }

        public Builder tokenMaxLength(int n) { this.tokenMaxLength = n; return mark(ConfigKeys.TOKEN_MAX_LENGTH); }

        public Builder clockSkew(Duration d) { this.clockSkew = d; return mark(ConfigKeys.CLOCK_SKEW); }

        public Builder authorizedParties(Set<String> parties) { this.authorizedParties = Set.copyOf(parties); return mark(ConfigKeys.AUTHORIZED_PARTIES); }

        public Builder sessionLifetime(Duration d) { this.sessionLifetime = d; return mark(ConfigKeys.SESSION_LIFETIME); }

        public Builder inactivityTimeout(Duration d) { this.inactivityTimeout = d; return mark(ConfigKeys.SESSION_INACTIVITY_TIMEOUT); }

        public Builder touchInterval(Duration d) { this.touchInterval = d; return mark(ConfigKeys.SESSION_TOUCH_INTERVAL); }

        public Builder maxSessionsPerClient(int n) { this.maxSessionsPerClient = n; return mark(ConfigKeys.SESSIONS_MAX_PER_CLIENT); }

        public Builder evictAtCap(boolean evict) { this.evictAtCap = evict; return mark(ConfigKeys.SESSIONS_EVICT_AT_CAP); }

        /** {@value MultiSessionConfig#MEMORY_STORE}, a store provider's name or a {@code SessionStore} class name. */
        public Builder store(String nameOrClass) { this.store = nameOrClass; return mark(ConfigKeys.STORE); }

        /** Consecutive store failures that open the circuit breaker; 0 turns it off. */
        public Builder storeCircuitBreakerFailures(int n) {
            this.storeCircuitBreakerFailures = n;
            return mark(ConfigKeys.STORE_CIRCUIT_BREAKER_FAILURES);
        }

        /** How long an open circuit breaker fails store calls at once (1ms to 5m). */
        public Builder storeCircuitBreakerOpenFor(Duration d) {
            this.storeCircuitBreakerOpenFor = d;
            return mark(ConfigKeys.STORE_CIRCUIT_BREAKER_OPEN_FOR);
        }

        public Builder jwksFile(Path file) { this.jwksFile = file; return mark(ConfigKeys.KEYS_JWKS_FILE); }

        /** A JWK set (with private keys) as JSON text, e.g. from a secret manager. */
        public Builder jwks(String json) { this.jwks = json; return mark(ConfigKeys.KEYS_JWKS); }

        public Builder pemFile(Path file) { this.pemFile = file; return mark(ConfigKeys.KEYS_PEM_FILE); }

        public Builder activeKid(String kid) { this.activeKid = kid; return mark(ConfigKeys.KEYS_ACTIVE_KID); }

        public Builder jwksUrl(URI url) { this.jwksUrl = url; return mark(ConfigKeys.VERIFY_JWKS_URL); }

        public Builder publicKeyPem(String pem) { this.publicKeyPem = pem; return mark(ConfigKeys.VERIFY_PUBLIC_KEY_PEM); }

        public Builder jwksCacheTtl(Duration d) { this.jwksCacheTtl = d; return mark(ConfigKeys.JWKS_CACHE_TTL); }

        public Builder jwksRefreshTimeout(Duration d) { this.jwksRefreshTimeout = d; return mark(ConfigKeys.JWKS_REFRESH_TIMEOUT); }

        public Builder jwksRateLimit(Duration d) { this.jwksRateLimit = d; return mark(ConfigKeys.JWKS_RATE_LIMIT); }

        public Builder jwksOutageTolerance(Duration d) { this.jwksOutageTolerance = d; return mark(ConfigKeys.JWKS_OUTAGE_TOLERANCE); }

        public Builder verifiedTokenCacheSize(int n) { this.verifiedTokenCacheSize = n; return mark(ConfigKeys.VERIFIED_TOKEN_CACHE_SIZE); }

        public Builder pathPrefixSelection(boolean enabled) { this.pathPrefixSelection = enabled; return mark(ConfigKeys.PATH_PREFIX_SELECTION); }

        /** The fully qualified class name of an {@code OrganizationDirectory}; null for none. */
        public Builder organizationDirectoryClass(String className) {
            this.organizationDirectoryClass = className;
            return mark(ConfigKeys.ORGANIZATION_DIRECTORY);
        }

        /** Null restores the default, the token lifetime. */
        public Builder organizationMembershipCacheTtl(Duration d) {
            this.organizationMembershipCacheTtl = d;
            return mark(ConfigKeys.ORGANIZATIONS_MEMBERSHIP_CACHE_TTL);
        }

        public Builder startOnOnlyMembership(boolean start) {
            this.startOnOnlyMembership = start;
            return mark(ConfigKeys.ORGANIZATIONS_START_ON_ONLY_MEMBERSHIP);
        }

        public Builder clock(Clock clock) { this.clock = clock; return this; }

        /** Validates every value and returns the immutable configuration. */
        public MultiSessionConfig build() {
            require(mode != null, ConfigKeys.MODE, "must be issuer or verifier");
            require(tokenProfile != null, ConfigKeys.TOKEN_PROFILE, "must be multisession or clerk");
            resolveClerkProfile();
            require(issuer != null && !issuer.isBlank(), ConfigKeys.ISSUER,
                    "must not be empty; set it to your app's origin, e.g. https://app.example");
            require(algorithm != null, ConfigKeys.TOKEN_ALGORITHM, "must be RS256, ES256, EdDSA or PS256");
            positive(tokenLifetime, ConfigKeys.TOKEN_LIFETIME);
            require(tokenLifetime == null || tokenLifetime.compareTo(Duration.ofSeconds(10)) >= 0,
                    ConfigKeys.TOKEN_LIFETIME, "must be at least 10s so tokens live long enough to be used; 60s is the default");
            require(tokenLifetime == null || tokenLifetime.compareTo(Duration.ofHours(1)) <= 0,
                    ConfigKeys.TOKEN_LIFETIME, "must be at most 1h: revocation takes effect within one token lifetime");
            require(refreshWindow != null && !refreshWindow.isNegative() && refreshWindow.compareTo(tokenLifetime) < 0,
                    ConfigKeys.TOKEN_REFRESH_WINDOW, "must be 0 or more and shorter than " + ConfigKeys.TOKEN_LIFETIME
                            + " (" + tokenLifetime + ")");
            require(tokenMaxLength >= 512 && tokenMaxLength <= 16_384, ConfigKeys.TOKEN_MAX_LENGTH,
                    "must be between 512 and 16384 characters; 4096 is the default");
            require(clockSkew != null && !clockSkew.isNegative() && clockSkew.compareTo(Duration.ofMinutes(5)) <= 0,
                    ConfigKeys.CLOCK_SKEW, "must be between 0s and 5m; 5s is the default");
            positive(sessionLifetime, ConfigKeys.SESSION_LIFETIME);
            require(sessionLifetime.compareTo(tokenLifetime) > 0, ConfigKeys.SESSION_LIFETIME,
                    "must be longer than " + ConfigKeys.TOKEN_LIFETIME);
            require(touchInterval != null && !touchInterval.isNegative(), ConfigKeys.SESSION_TOUCH_INTERVAL,
                    "must be 0s or more");
            if (inactivityTimeout != null) {
                positive(inactivityTimeout, ConfigKeys.SESSION_INACTIVITY_TIMEOUT);
                require(inactivityTimeout.compareTo(touchInterval) > 0, ConfigKeys.SESSION_INACTIVITY_TIMEOUT,
                        "must be longer than " + ConfigKeys.SESSION_TOUCH_INTERVAL + " (" + touchInterval + ")");
            }
            require(maxSessionsPerClient >= 1 && maxSessionsPerClient <= MAX_SESSIONS_CEILING,
                    ConfigKeys.SESSIONS_MAX_PER_CLIENT, "must be between 1 and " + MAX_SESSIONS_CEILING
                            + " so the Cookie header stays under 8 KB; 5 is the default");
            require(store != null && STORE_NAME.matcher(store.trim()).matches(), ConfigKeys.STORE,
                    (store == null || store.isBlank() ? "must not be empty" : "'" + Values.printable(store) + "' is not a store name")
                            + "; write " + MEMORY_STORE + " (the default), the name of a store provider on the class path"
                            + " (e.g. redis) or the fully qualified class name of a SessionStore");
            require(storeCircuitBreakerFailures >= 0, ConfigKeys.STORE_CIRCUIT_BREAKER_FAILURES,
                    "must be 0 (no circuit breaker) or more; 5 is the default");
            require(storeCircuitBreakerOpenFor != null && !storeCircuitBreakerOpenFor.isNegative()
                            && storeCircuitBreakerOpenFor.toMillis() >= 1
                            && storeCircuitBreakerOpenFor.compareTo(MAX_CIRCUIT_BREAKER_OPEN_FOR) <= 0,
                    ConfigKeys.STORE_CIRCUIT_BREAKER_OPEN_FOR, "must be between 1ms and 5m: while the circuit is open,"
                            + " sign-in, switch, sign-out and refresh fail even if the store is back; 5s is the default");
            int keySources = (jwksFile != null ? 1 : 0) + (jwks != null ? 1 : 0) + (pemFile != null ? 1 : 0);
            require(keySources <= 1, ConfigKeys.KEYS_JWKS_FILE, "set only one of " + ConfigKeys.KEYS_JWKS_FILE + ", "
                    + ConfigKeys.KEYS_JWKS + " and " + ConfigKeys.KEYS_PEM_FILE);
            require(jwksUrl == null || publicKeyPem == null, ConfigKeys.VERIFY_JWKS_URL,
                    "set either " + ConfigKeys.VERIFY_JWKS_URL + " or " + ConfigKeys.VERIFY_PUBLIC_KEY_PEM + ", not both");
            if (jwksUrl != null) {
                String scheme = jwksUrl.getScheme() == null ? "" : jwksUrl.getScheme().toLowerCase(Locale.ROOT);
                require((scheme.equals("https") || scheme.equals("http")) && jwksUrl.getHost() != null,
                        ConfigKeys.VERIFY_JWKS_URL, "must be an absolute http(s) URL, e.g. https://issuer.example/.well-known/jwks.json");
            }
            if (mode == Mode.VERIFIER) {
                require(jwksUrl != null || publicKeyPem != null || clerkSettings != null, ConfigKeys.MODE, "verifier mode needs "
                        + ConfigKeys.VERIFY_JWKS_URL + " or " + ConfigKeys.VERIFY_PUBLIC_KEY_PEM + " to verify tokens with");
                require(keySources == 0, ConfigKeys.MODE, "verifier mode never signs; remove the signing key settings ("
                        + ConfigKeys.KEYS_JWKS_FILE + ", " + ConfigKeys.KEYS_JWKS + ", " + ConfigKeys.KEYS_PEM_FILE
                        + ") or set " + ConfigKeys.MODE + "=issuer");
            }
            positive(jwksCacheTtl, ConfigKeys.JWKS_CACHE_TTL);
            positive(jwksRefreshTimeout, ConfigKeys.JWKS_REFRESH_TIMEOUT);
            require(jwksRefreshTimeout.compareTo(jwksCacheTtl) < 0, ConfigKeys.JWKS_REFRESH_TIMEOUT,
                    "must be shorter than " + ConfigKeys.JWKS_CACHE_TTL);
            positive(jwksRateLimit, ConfigKeys.JWKS_RATE_LIMIT);
            require(jwksRateLimit.compareTo(jwksCacheTtl) < 0, ConfigKeys.JWKS_RATE_LIMIT,
                    "must be shorter than " + ConfigKeys.JWKS_CACHE_TTL + " (" + jwksCacheTtl
                            + ") so an unknown kid can still trigger a refresh; 30s with a 5m cache is the default");
            positive(jwksOutageTolerance, ConfigKeys.JWKS_OUTAGE_TOLERANCE);
            require(verifiedTokenCacheSize >= 1, ConfigKeys.VERIFIED_TOKEN_CACHE_SIZE, "must be 1 or more");
            require(organizationDirectoryClass == null || CLASS_NAME.matcher(organizationDirectoryClass.trim()).matches(),
                    ConfigKeys.ORGANIZATION_DIRECTORY, "'" + Values.printable(String.valueOf(organizationDirectoryClass))
                            + "' is not a class name; write the fully qualified class name of your OrganizationDirectory,"
                            + " e.g. com.example.MyDirectory, or leave it out");
            if (organizationMembershipCacheTtl != null) {
                positive(organizationMembershipCacheTtl, ConfigKeys.ORGANIZATIONS_MEMBERSHIP_CACHE_TTL);
                require(organizationMembershipCacheTtl.compareTo(MAX_MEMBERSHIP_CACHE_TTL) <= 0,
                        ConfigKeys.ORGANIZATIONS_MEMBERSHIP_CACHE_TTL, "must be at most 1h: a removed or demoted member"
                                + " keeps the old role for up to one token lifetime plus this; the default is "
                                + ConfigKeys.TOKEN_LIFETIME + " (" + tokenLifetime + ")");
            }
            require(clock != null, "clock", "must not be null");
            return new MultiSessionConfig(this);
        }

        /**
         * The clerk profile verifies Clerk's tokens and never mints: it implies verifier mode, its
         * issuer defaults to the Frontend API's URL, and it needs keys (a PEM, a JWKS URL, the secret
         * key or the Frontend API). The clerk keys without the profile are a mistake.
         */
        private void resolveClerkProfile() {
            boolean anyClerkKey = clerkPublishableKey != null || clerkFrontendApi != null || clerkSecretKey != null
                    || clerkApiUrl != null || isSet(ConfigKeys.CLERK_ACCEPT_PENDING);
            if (tokenProfile != TokenProfile.CLERK) {
                require(!anyClerkKey, ConfigKeys.TOKEN_PROFILE, "the multisession.clerk.* keys are set but the token "
                        + "profile is " + tokenProfile.wireName() + "; set " + ConfigKeys.TOKEN_PROFILE
                        + "=clerk to verify Clerk's session tokens, or remove them");
                clerkSettings = null;
                return;
            }
            require(!(isSet(ConfigKeys.MODE) && mode == Mode.ISSUER), ConfigKeys.MODE, "the clerk profile ("
                    + ConfigKeys.TOKEN_PROFILE + "=clerk) only verifies Clerk's tokens and never mints; remove "
                    + ConfigKeys.MODE + " or set it to verifier");
            require(!pathPrefixSelection, ConfigKeys.PATH_PREFIX_SELECTION, "the clerk profile reads the one session "
                    + "Clerk's frontend made active, so /u/<index>/ chooses nothing and would reach the app unstripped; "
                    + "remove " + ConfigKeys.PATH_PREFIX_SELECTION + " or set it to false");
            mode = Mode.VERIFIER;
            clerkSettings = ClerkSettings.of(clerkPublishableKey, clerkFrontendApi, clerkSecretKey, clerkApiUrl,
                    clerkAcceptPending);
            if (!isSet(ConfigKeys.ISSUER)) {
                issuer = clerkSettings.issuer().orElseThrow(() -> new ConfigurationException(ConfigKeys.ISSUER,
                        "the clerk profile needs the issuer of Clerk's tokens; set " + ConfigKeys.CLERK_PUBLISHABLE_KEY
                                + " (the issuer is https:// and the Frontend API it names), "
                                + ConfigKeys.CLERK_FRONTEND_API + ", or " + ConfigKeys.ISSUER
                                + " to your Frontend API URL, e.g. https://clerk.example.com"));
            }
            require(jwksUrl != null || publicKeyPem != null || clerkSettings.secretKey().isPresent()
                            || clerkSettings.frontendApi().isPresent(), ConfigKeys.TOKEN_PROFILE,
                    "the clerk profile needs keys to verify Clerk's tokens with; set " + ConfigKeys.CLERK_PUBLISHABLE_KEY
                            + " (its Frontend API's JWKS), " + ConfigKeys.CLERK_SECRET_KEY + " (the Backend API's JWKS), "
                            + ConfigKeys.VERIFY_PUBLIC_KEY_PEM + " (the instance's PEM public key, no network) or "
                            + ConfigKeys.VERIFY_JWKS_URL);
        }

        private boolean isSet(String key) {
            return explicit.contains(key) || origins.containsKey(key);
        }

        private Duration effectiveMembershipCacheTtl() {
            return organizationMembershipCacheTtl == null ? tokenLifetime : organizationMembershipCacheTtl;
        }

        private void positive(Duration d, String key) {
            require(d != null && !d.isZero() && !d.isNegative(), key,
                    "must be a positive duration, e.g. 500ms, 60s, 5m, 12h or 7d");
        }

        /** Fails with the key, the fix and, for a value read from a source, where it came from. */
        private void require(boolean ok, String key, String message) {
            if (!ok) {
                String origin = origins.get(key);
                throw new ConfigurationException(key, origin == null ? message : message + " (from " + origin + ")");
            }
        }
    }
}
