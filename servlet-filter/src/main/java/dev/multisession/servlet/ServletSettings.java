package dev.multisession.servlet;

import dev.multisession.core.config.ConfigSource;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.cookie.CookieFamily;
import dev.multisession.servlet.rules.RouteRules;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The servlet layer's own settings, read from the same sources as the core configuration
 * (filter init parameters, context init parameters {@code multisession.*}, system properties,
 * {@code MULTISESSION_*} environment variables).
 *
 * <pre>{@code
 * ServletSettings settings = ServletSettings.from("/shop", ConfigSource.map(Map.of("multisession.sign-in-url", "/login")));
 * settings.cookieNamespace();   // "shop": this app's cookies are ms-shop_client, ms-shop_<sessionId>
 * }</pre>
 *
 * @param cookieNamespace the namespace of this app's cookie family ({@link CookieFamily}):
 *        {@code multisession.cookie.namespace}, by default derived from the context path
 *        ({@code ""}, today's names, for an app at the server root)
 */
public record ServletSettings(
        boolean enabled,
        String basePath,
        String signInUrl,
        String accountChooserUrl,
        String afterSignOutUrl,
        Optional<String> refreshUrl,
        Set<String> allowedRedirectOrigins,
        String routes,
        Optional<String> csrfSecret,
        String cookieNamespace) {

    public static final String ENABLED = "multisession.enabled";
    public static final String BASE_PATH = "multisession.endpoints.base-path";
    public static final String SIGN_IN_URL = "multisession.sign-in-url";
    public static final String ACCOUNT_CHOOSER_URL = "multisession.account-chooser-url";
    public static final String AFTER_SIGN_OUT_URL = "multisession.after-sign-out-url";
    public static final String REFRESH_URL = "multisession.refresh-url";
    public static final String ALLOWED_REDIRECT_ORIGINS = "multisession.redirect.allowed-origins";
    public static final String ROUTES = "multisession.routes";
    public static final String CSRF_SECRET = "multisession.csrf.secret";
    /** The namespace of the app's cookie names; default: derived from the context path. */
    public static final String COOKIE_NAMESPACE = "multisession.cookie.namespace";

    /** Every key this layer reads, in README order. */
    public static final List<String> KEYS = List.of(ENABLED, BASE_PATH, SIGN_IN_URL, ACCOUNT_CHOOSER_URL,
            AFTER_SIGN_OUT_URL, REFRESH_URL, ALLOWED_REDIRECT_ORIGINS, ROUTES, CSRF_SECRET, COOKIE_NAMESPACE);

    public ServletSettings {
        CookieFamily.requireNamespace(cookieNamespace);
    }

    /** Reads the settings of an app at the server root; the first source that has a key wins. */
    public static ServletSettings from(ConfigSource... sources) {
        return from("", sources);
    }

    /**
     * Reads the settings of an app deployed at {@code contextPath} ({@code ""} for the server
     * root, as {@code ServletContext.getContextPath()} says); the first source that has a key wins.
     */
    public static ServletSettings from(String contextPath, ConfigSource... sources) {
        boolean enabled = bool(ENABLED, first(ENABLED, sources).orElse("true"));
        String basePath = localPath(BASE_PATH, first(BASE_PATH, sources).orElse("/multisession"));
        if (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        String signIn = localPath(SIGN_IN_URL, first(SIGN_IN_URL, sources).orElse("/sign-in"));
        String chooser = localPath(ACCOUNT_CHOOSER_URL, first(ACCOUNT_CHOOSER_URL, sources).orElse(signIn));
        String afterSignOut = localPath(AFTER_SIGN_OUT_URL, first(AFTER_SIGN_OUT_URL, sources).orElse("/"));
        Optional<String> refresh = first(REFRESH_URL, sources).map(String::trim).filter(s -> !s.isEmpty());
        Set<String> origins = new LinkedHashSet<>();
        for (String o : first(ALLOWED_REDIRECT_ORIGINS, sources).orElse("").split(",")) {
            String origin = o.trim();
            if (origin.isEmpty()) {
                continue;
            }
            if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                throw new ConfigurationException(ALLOWED_REDIRECT_ORIGINS, "'" + origin.replaceAll("\\p{Cntrl}", "?")
                        + "' is not an origin; write scheme://host[:port] with no path, e.g. https://app.example");
            }
            origins.add(origin.toLowerCase(Locale.ROOT));
        }
        String routes = first(ROUTES, sources).orElse("");
        RouteRules.parse(ROUTES, routes); // fail the deployment on bad rule text, not the first request
        Optional<String> secret = first(CSRF_SECRET, sources).filter(s -> !s.isBlank());
        if (secret.isPresent() && secret.get().length() < 32) {
            throw new ConfigurationException(CSRF_SECRET, "must be at least 32 characters of random text; "
                    + "generate one with 'openssl rand -base64 32'");
        }
        String namespace = cookieNamespace(contextPath, first(COOKIE_NAMESPACE, sources));
        return new ServletSettings(enabled, basePath, signIn, chooser, afterSignOut, refresh, Set.copyOf(origins),
                routes, secret, namespace);
    }

    /**
     * The app's cookie namespace: the configured one, else the context path's
     * ({@link CookieFamily#namespaceForContextPath}). A configured value starting with {@code /}
     * names a context path whose namespace to use: {@code /} keeps the root app's names (say, for
     * an app that moved from the root, or ran under a context path before namespaces existed).
     */
    static String cookieNamespace(String contextPath, Optional<String> configured) {
        String v = configured.map(String::trim).orElse("");
        if (v.isEmpty()) {
            return CookieFamily.namespaceForContextPath(contextPath);
        }
        if (v.startsWith("/") && v.length() <= 200 && v.chars().noneMatch(c -> Character.isISOControl(c) || c == '\\')) {
            String path = v;
            while (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return CookieFamily.namespaceForContextPath(path);
        }
        if (!CookieFamily.isNamespace(v)) {
            throw new ConfigurationException(COOKIE_NAMESPACE, "'" + printable(v) + "' is not a cookie namespace; write "
                    + CookieFamily.NAMESPACE_RULE + " (e.g. shop, for the cookies ms-shop_client and ms-shop_<session>), "
                    + "or / to keep the names of an app at the server root (ms_client)");
        }
        return v;
    }

    private static String printable(String raw) {
        String s = raw.length() > 80 ? raw.substring(0, 80) + "…" : raw;
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    /** Only {@code multisession.enabled}, for a check that must not depend on the other keys being valid. */
    static boolean enabledIn(ConfigSource... sources) {
        return bool(ENABLED, first(ENABLED, sources).orElse("true"));
    }

    private static Optional<String> first(String key, ConfigSource... sources) {
        for (ConfigSource s : sources) {
            Optional<String> v = s.get(key);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    private static boolean bool(String key, String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new ConfigurationException(key, "'" + raw.replaceAll("\\p{Cntrl}", "?") + "' is not a boolean; write true or false");
        }
        return Boolean.parseBoolean(v);
    }

    private static String localPath(String key, String raw) {
        String v = raw.trim();
        if (!v.startsWith("/") || v.startsWith("//") || v.contains("\\") || v.chars().anyMatch(Character::isISOControl)) {
            throw new ConfigurationException(key, "'" + v.replaceAll("\\p{Cntrl}", "?")
                    + "' must be a path within the app starting with a single '/', e.g. /sign-in");
        }
        return v;
    }
}
