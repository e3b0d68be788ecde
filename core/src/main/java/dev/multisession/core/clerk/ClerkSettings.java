package dev.multisession.core.clerk;

import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.config.ConfigurationException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The clerk profile's settings ({@code multisession.clerk.*}), checked and resolved: the Frontend
 * API (from {@code multisession.clerk.frontend-api} or the publishable key), the cookie suffix, the
 * Backend API and its secret key. {@code MultiSessionConfig.clerk()} holds one when
 * {@code multisession.token.profile=clerk}.
 *
 * <pre>{@code
 * ClerkSettings clerk = config.clerk().orElseThrow();
 * clerk.cookieSuffix();        // Optional["Yh6cAqUr"]: Clerk's __session_<suffix> cookie name
 * clerk.frontendApi();         // Optional[https://clerk.example.com]
 * }</pre>
 *
 * <p>The secret key is never part of {@link #toString()} nor of any error message.
 */
public final class ClerkSettings {
    /** Clerk's Backend API. */
    public static final URI DEFAULT_API_URL = URI.create("https://api.clerk.com");
    /** The Backend API version this profile speaks ({@code Clerk-API-Version}), as Clerk's JavaScript backend sends it. */
    public static final String API_VERSION = "2026-05-12";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*");
    private static final Pattern HOST_AND_PORT = Pattern.compile(HOST.pattern() + "(:[0-9]{1,5})?");
    private static final Pattern SECRET = Pattern.compile("sk_[A-Za-z0-9_]{8,200}");

    private final Optional<String> publishableKey;
    private final Optional<URI> frontendApi;
    private final Optional<String> frontendApiFromKey;
    private final Optional<String> secretKey;
    private final URI apiUrl;
    private final boolean acceptPending;
    private final Optional<String> cookieSuffix;

    private ClerkSettings(Optional<String> publishableKey, Optional<URI> frontendApi, Optional<String> frontendApiFromKey,
                          Optional<String> secretKey, URI apiUrl, boolean acceptPending) {
        this.publishableKey = publishableKey;
        this.frontendApi = frontendApi;
        this.frontendApiFromKey = frontendApiFromKey;
        this.secretKey = secretKey;
        this.apiUrl = apiUrl;
        this.acceptPending = acceptPending;
        this.cookieSuffix = publishableKey.map(ClerkSettings::cookieSuffix);
    }

    /**
     * Checks and resolves the raw values (each may be null for "not set"). Fails with a
     * {@link ConfigurationException} naming the key and the fix; a bad secret key is reported
     * without its value.
     */
    public static ClerkSettings of(String publishableKey, String frontendApi, String secretKey, String apiUrl,
                                   boolean acceptPending) {
        Optional<String> pk = blankToEmpty(publishableKey);
        Optional<String> fapiFromKey = pk.map(ClerkSettings::frontendApiOf);
        Optional<URI> fapi = blankToEmpty(frontendApi).map(v -> url(ConfigKeys.CLERK_FRONTEND_API, v, true))
                .or(() -> fapiFromKey.map(host -> URI.create("https://" + host)));
        Optional<String> sk = blankToEmpty(secretKey);
        if (sk.isPresent() && !SECRET.matcher(sk.get()).matches()) {
            throw new ConfigurationException(ConfigKeys.CLERK_SECRET_KEY, "is not a Clerk secret key (sk_test_… or "
                    + "sk_live_…, from the API keys page of the Clerk dashboard); its value is not shown here");
        }
        URI api = blankToEmpty(apiUrl).map(v -> url(ConfigKeys.CLERK_API_URL, v, false)).orElse(DEFAULT_API_URL);
        return new ClerkSettings(pk, fapi, fapiFromKey, sk, api, acceptPending);
    }

    private static Optional<String> blankToEmpty(String raw) {
        return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.trim());
    }

    /**
     * The Frontend API host a publishable key names: {@code pk_test_} or {@code pk_live_} followed by
     * the base64 of {@code <host>$} (Clerk's {@code parsePublishableKey}).
     */
    static String frontendApiOf(String publishableKey) {
        String fix = "is not a Clerk publishable key; copy pk_test_… or pk_live_… from the API keys page of the Clerk dashboard";
        String encoded;
        if (publishableKey.startsWith("pk_test_") || publishableKey.startsWith("pk_live_")) {
            encoded = publishableKey.substring(8);
        } else {
            throw new ConfigurationException(ConfigKeys.CLERK_PUBLISHABLE_KEY, fix);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(padded(encoded)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(ConfigKeys.CLERK_PUBLISHABLE_KEY, fix);
        }
        if (!decoded.endsWith("$") || !HOST_AND_PORT.matcher(decoded.substring(0, decoded.length() - 1)).matches()) {
            throw new ConfigurationException(ConfigKeys.CLERK_PUBLISHABLE_KEY, fix);
        }
        return decoded.substring(0, decoded.length() - 1).toLowerCase(Locale.ROOT);
    }

    private static String padded(String base64) {
        int rest = base64.length() % 4;
        return rest == 0 ? base64 : base64 + "=".repeat(4 - rest);
    }

    /**
     * Clerk's cookie suffix for a publishable key: the first 8 characters of the URL-safe base64 of
     * its SHA-1 ({@code getCookieSuffix} of Clerk's {@code @clerk/shared} {@code keys.ts}).
     */
    public static String cookieSuffix(String publishableKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(publishableKey.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().encodeToString(digest).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    /**
     * An https URL (or a bare host, when {@code bareHost}), or http on a loopback host (local
     * development and tests). No query or fragment; trailing slashes removed.
     */
    private static URI url(String key, String raw, boolean bareHost) {
        String value = raw.trim();
        String fix = bareHost ? "write the Frontend API host (clerk.example.com) or its https URL"
                : "write the Backend API's https URL, e.g. " + DEFAULT_API_URL;
        if (bareHost && !value.contains("://")) {
            if (!HOST_AND_PORT.matcher(value).matches()) {
                throw new ConfigurationException(key, "'" + printable(value) + "' is not a host; " + fix);
            }
            value = "https://" + value;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(key, "'" + printable(value) + "' is not a URL; " + fix);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null
                || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ConfigurationException(key, "'" + printable(value) + "' is not an absolute https URL without query; " + fix);
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new ConfigurationException(key, "'" + printable(value) + "' must use https (http is accepted only for "
                    + "localhost, for development); " + fix);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1");
    }

    private static String printable(String raw) {
        String s = raw.length() > 80 ? raw.substring(0, 80) + "…" : raw;
        return s.replaceAll("[\\p{Cc}\\p{Cf}]", "?");
    }

    /** The publishable key, if configured. */
    public Optional<String> publishableKey() {
        return publishableKey;
    }

    /** The Frontend API's base URL: where its JWKS and the handshake live. */
    public Optional<URI> frontendApi() {
        return frontendApi;
    }

    /**
     * The {@code iss} Clerk puts in its session tokens: {@code https://} and the Frontend API the
     * publishable key names, else the configured Frontend API's origin.
     */
    public Optional<String> issuer() {
        return frontendApiFromKey.map(host -> "https://" + host)
                .or(() -> frontendApi.map(u -> u.getScheme() + "://" + u.getRawAuthority()));
    }

    /** The instance's secret key, for the Backend API. Never print it. */
    public Optional<String> secretKey() {
        return secretKey;
    }

    /** The Backend API's base URL ({@code https://api.clerk.com} unless configured). */
    public URI apiUrl() {
        return apiUrl;
    }

    /** True when a session whose {@code sts} is {@code pending} counts as signed in. */
    public boolean acceptPending() {
        return acceptPending;
    }

    /** The suffix of Clerk's cookie names ({@code __session_<suffix>}), when a publishable key is configured. */
    public Optional<String> cookieSuffix() {
        return cookieSuffix;
    }

    /** The Backend API's JWKS: {@code <api-url>/v1/jwks}, read with the secret key. */
    public URI backendJwksUrl() {
        return URI.create(apiUrl + "/v1/jwks");
    }

    /** The Frontend API's public JWKS: {@code <frontend-api>/.well-known/jwks.json}. */
    public Optional<URI> frontendJwksUrl() {
        return frontendApi.map(u -> URI.create(u + "/.well-known/jwks.json"));
    }

    /** The handshake needs the Frontend API (to send the browser to) and the secret key (to read its answer). */
    public boolean handshakeEnabled() {
        return frontendApi.isPresent() && secretKey.isPresent();
    }

    @Override
    public String toString() {
        return "ClerkSettings[frontendApi=" + frontendApi.map(URI::toString).orElse("-") + ", apiUrl=" + apiUrl
                + ", secretKey=" + (secretKey.isPresent() ? "(set)" : "-") + ", acceptPending=" + acceptPending + "]";
    }
}
