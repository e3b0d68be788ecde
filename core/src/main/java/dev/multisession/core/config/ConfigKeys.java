package dev.multisession.core.config;

import java.util.List;

/**
 * Every configuration key the core reads, with its default as the README lists it. Servlet
 * context init parameters, system properties and a {@link ConfigSource#map map} use these
 * names; environment variables use {@link ConfigSource#environmentName(String) their
 * upper-case form}. Other modules list their own keys through {@link KnownKeys}; a
 * {@code multisession.*} key that no module knows fails {@link UnknownKeys#check}.
 */
public final class ConfigKeys {
    private ConfigKeys() {
    }

    public static final String MODE = "multisession.mode";
    /** Whose session tokens are verified: {@code multisession} (this library's own, the default) or {@code clerk}. */
    public static final String TOKEN_PROFILE = "multisession.token.profile";
    public static final String ISSUER = "multisession.issuer";
    public static final String TOKEN_ALGORITHM = "multisession.token.algorithm";
    public static final String TOKEN_LIFETIME = "multisession.token.lifetime";
    public static final String TOKEN_REFRESH_WINDOW = "multisession.token.refresh-window";
    public static final String TOKEN_MAX_LENGTH = "multisession.token.max-length";
    public static final String CLOCK_SKEW = "multisession.token.clock-skew";
    public static final String AUTHORIZED_PARTIES = "multisession.token.authorized-parties";
    public static final String SESSION_LIFETIME = "multisession.session.lifetime";
    public static final String SESSION_INACTIVITY_TIMEOUT = "multisession.session.inactivity-timeout";
    public static final String SESSION_TOUCH_INTERVAL = "multisession.session.touch-interval";
    public static final String SESSIONS_MAX_PER_CLIENT = "multisession.sessions.max-per-client";
    public static final String SESSIONS_EVICT_AT_CAP = "multisession.sessions.evict-at-cap";
    /** {@code memory}, the name of a store provider on the class path, or a SessionStore class name. */
    public static final String STORE = "multisession.store";
    /** Consecutive store failures that open the circuit breaker; 0 turns it off. */
    public static final String STORE_CIRCUIT_BREAKER_FAILURES = "multisession.store.circuit-breaker.failures";
    /** How long an open circuit breaker fails store calls at once before one call probes the store. */
    public static final String STORE_CIRCUIT_BREAKER_OPEN_FOR = "multisession.store.circuit-breaker.open-for";
    public static final String KEYS_JWKS_FILE = "multisession.keys.jwks-file";
    public static final String KEYS_JWKS = "multisession.keys.jwks";
    public static final String KEYS_PEM_FILE = "multisession.keys.pem-file";
    public static final String KEYS_ACTIVE_KID = "multisession.keys.active-kid";
    public static final String VERIFY_JWKS_URL = "multisession.verify.jwks-url";
    public static final String VERIFY_PUBLIC_KEY_PEM = "multisession.verify.public-key-pem";
    public static final String JWKS_CACHE_TTL = "multisession.verify.jwks-cache-ttl";
    public static final String JWKS_REFRESH_TIMEOUT = "multisession.verify.jwks-refresh-timeout";
    public static final String JWKS_RATE_LIMIT = "multisession.verify.jwks-rate-limit";
    public static final String JWKS_OUTAGE_TOLERANCE = "multisession.verify.jwks-outage-tolerance";
    public static final String VERIFIED_TOKEN_CACHE_SIZE = "multisession.cache.verified-tokens";
    public static final String PATH_PREFIX_SELECTION = "multisession.selection.path-prefix";
    /** The class name of the app's OrganizationDirectory. */
    public static final String ORGANIZATION_DIRECTORY = "multisession.organization-directory";
    public static final String ORGANIZATIONS_MEMBERSHIP_CACHE_TTL = "multisession.organizations.membership-cache-ttl";
    public static final String ORGANIZATIONS_START_ON_ONLY_MEMBERSHIP = "multisession.organizations.start-on-only-membership";
    /** The clerk profile: the instance's publishable key ({@code pk_test_…} or {@code pk_live_…}). */
    public static final String CLERK_PUBLISHABLE_KEY = "multisession.clerk.publishable-key";
    /** The clerk profile: the Frontend API (host or URL); default: the one the publishable key names. */
    public static final String CLERK_FRONTEND_API = "multisession.clerk.frontend-api";
    /** The clerk profile: the instance's secret key ({@code sk_…}), for the Backend API. A secret: never printed. */
    public static final String CLERK_SECRET_KEY = "multisession.clerk.secret-key";
    /** The clerk profile: the Backend API's base URL. */
    public static final String CLERK_API_URL = "multisession.clerk.api-url";
    /** The clerk profile: whether a session with {@code sts: pending} counts as signed in. */
    public static final String CLERK_ACCEPT_PENDING = "multisession.clerk.accept-pending";

    /** All keys, in README order. */
    public static final List<String> ALL = List.of(MODE, TOKEN_PROFILE, ISSUER, TOKEN_ALGORITHM, TOKEN_LIFETIME,
            TOKEN_REFRESH_WINDOW, TOKEN_MAX_LENGTH, CLOCK_SKEW, AUTHORIZED_PARTIES, SESSION_LIFETIME,
            SESSION_INACTIVITY_TIMEOUT, SESSION_TOUCH_INTERVAL, SESSIONS_MAX_PER_CLIENT, SESSIONS_EVICT_AT_CAP,
            STORE, STORE_CIRCUIT_BREAKER_FAILURES, STORE_CIRCUIT_BREAKER_OPEN_FOR, KEYS_JWKS_FILE, KEYS_JWKS,
            KEYS_PEM_FILE, KEYS_ACTIVE_KID, VERIFY_JWKS_URL, VERIFY_PUBLIC_KEY_PEM,
            JWKS_CACHE_TTL, JWKS_REFRESH_TIMEOUT, JWKS_RATE_LIMIT, JWKS_OUTAGE_TOLERANCE, VERIFIED_TOKEN_CACHE_SIZE,
            PATH_PREFIX_SELECTION, ORGANIZATION_DIRECTORY, ORGANIZATIONS_MEMBERSHIP_CACHE_TTL,
            ORGANIZATIONS_START_ON_ONLY_MEMBERSHIP,
            CLERK_PUBLISHABLE_KEY, CLERK_FRONTEND_API, CLERK_SECRET_KEY, CLERK_API_URL, CLERK_ACCEPT_PENDING);
}
