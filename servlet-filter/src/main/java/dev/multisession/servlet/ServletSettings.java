package dev.multisession.servlet;

import dev.multisession.core.config.ConfigSource;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.cookie.CookieFamily;
import dev.multisession.core.model.Tasks;
import dev.multisession.servlet.rules.RouteRules;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

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
 * @param taskDefaultUrl  {@code multisession.tasks.default-url}: where tasks without their own URL are
 *        ({@code <default-url>/<task>})
 * @param taskUrls        {@code multisession.tasks.<task>-url}, by task key
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
        String cookieNamespace,
        String taskDefaultUrl,
        Map<String, String> taskUrls) {

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

    /**
     * Where a pending session's task page is for a task without its own URL: the task {@code k}
     * goes to {@code <default-url>/k}. Default: {@code <sign-in-url>/tasks}.
     */
    public static final String TASKS_DEFAULT_URL = "multisession.tasks.default-url";
    /** {@code multisession.tasks.<task>-url}: the page of one task ({@link dev.multisession.core.model.Tasks}). */
    public static final String TASKS_PREFIX = "multisession.tasks.";
    static final String TASK_URL_SUFFIX = "-url";
    private static final String TASKS_ENVIRONMENT_PREFIX = ConfigSource.environmentName(TASKS_PREFIX);
    private static final String TASK_URL_ENVIRONMENT_SUFFIX = "_URL";

    /** Every key this layer reads, in README order (and {@code multisession.tasks.<task>-url}, see {@link #isTaskUrlKey}). */
    public static final List<String> KEYS = List.of(ENABLED, BASE_PATH, SIGN_IN_URL, ACCOUNT_CHOOSER_URL,
            AFTER_SIGN_OUT_URL, REFRESH_URL, ALLOWED_REDIRECT_ORIGINS, ROUTES, CSRF_SECRET, COOKIE_NAMESPACE,
            TASKS_DEFAULT_URL);

    public ServletSettings {
        CookieFamily.requireNamespace(cookieNamespace);
        taskUrls = Map.copyOf(taskUrls);
    }

    /** The page of {@code task} within the app: its own URL, else {@code <default-url>/<task>}. */
    public String taskUrl(String task) {
        String own = taskUrls.get(task);
        return own != null ? own : taskDefaultUrl + "/" + task;
    }

    /** True for {@code multisession.tasks.<task>-url} with a well-formed task key. */
    static boolean isTaskUrlKey(String key) {
        return taskOfKey(key).isPresent();
    }

    /** True for {@code MULTISESSION_TASKS_<TASK>_URL} (a task key upper-cased, {@code -} as {@code _}). */
    static boolean isTaskUrlEnvironmentName(String name) {
        return taskOfEnvironmentName(name).isPresent();
    }

    private static Optional<String> taskOfKey(String key) {
        if (key == null || !key.startsWith(TASKS_PREFIX) || !key.endsWith(TASK_URL_SUFFIX) || key.equals(TASKS_DEFAULT_URL)) {
            return Optional.empty();
        }
        String task = key.substring(TASKS_PREFIX.length(), key.length() - TASK_URL_SUFFIX.length());
        return Tasks.isKey(task) ? Optional.of(task) : Optional.empty();
    }

    private static Optional<String> taskOfEnvironmentName(String name) {
        if (name == null || !name.startsWith(TASKS_ENVIRONMENT_PREFIX) || !name.endsWith(TASK_URL_ENVIRONMENT_SUFFIX)
                || name.equals(ConfigSource.environmentName(TASKS_DEFAULT_URL))
                || name.length() <= TASKS_ENVIRONMENT_PREFIX.length() + TASK_URL_ENVIRONMENT_SUFFIX.length()) {
            return Optional.empty();
        }
        String raw = name.substring(TASKS_ENVIRONMENT_PREFIX.length(), name.length() - TASK_URL_ENVIRONMENT_SUFFIX.length());
        if (!raw.equals(raw.toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        String task = raw.toLowerCase(Locale.ROOT).replace('_', '-');
        return Tasks.isKey(task) ? Optional.of(task) : Optional.empty();
    }

    /** Every task URL the sources set, the first source that sets one winning, each checked as a local path. */
    private static Map<String, String> taskUrls(ConfigSource... sources) {
        Map<String, String> urls = new TreeMap<>();
        for (ConfigSource source : sources) {
            Set<String> names = source.keys();
            if (names == null) {
                continue;
            }
            for (String name : names) {
                Optional<String> task = taskOfKey(name).or(() -> taskOfEnvironmentName(name));
                if (task.isEmpty() || urls.containsKey(task.get())) {
                    continue;
                }
                String key = TASKS_PREFIX + task.get() + TASK_URL_SUFFIX;
                Optional<String> value = first(key, sources);
                if (value.isPresent()) {
                    urls.put(task.get(), taskPath(key, value.get()));
                }
            }
        }
        return urls;
    }

    /** A task page's URL: a local path without query or fragment, no trailing '/'. */
    private static String taskPath(String key, String raw) {
        String v = localPath(key, raw);
        if (v.contains("?") || v.contains("#")) {
            throw new ConfigurationException(key, "'" + printable(v) + "' must be a path without a query or fragment, "
                    + "e.g. /account/choose-organization (the library adds redirect_url and the tab's account)");
        }
        while (v.length() > 1 && v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        if (v.equals("/")) {
            throw new ConfigurationException(key, "must not be the whole app ('/'): a pending session is let in on its task's "
                    + "page and below it; name a page of its own, e.g. /account/tasks");
        }
        return v;
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
        String taskDefault = taskPath(TASKS_DEFAULT_URL, first(TASKS_DEFAULT_URL, sources)
                .orElse(signIn.contains("?") || signIn.contains("#") ? "/tasks" : signIn.equals("/") ? "/tasks" : signIn + "/tasks"));
        return new ServletSettings(enabled, basePath, signIn, chooser, afterSignOut, refresh, Set.copyOf(origins),
                routes, secret, namespace, taskDefault, taskUrls(sources));
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
