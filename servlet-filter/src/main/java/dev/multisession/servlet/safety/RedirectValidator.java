package dev.multisession.servlet.safety;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a {@code redirect_url} may be followed (docs/how-it-works.md: "Endpoints"): a local path that starts
 * with exactly one {@code /} (not {@code //}, not {@code /\}) and holds no control characters
 * or backslashes, also after one round of percent-decoding; or an absolute http(s) URL whose
 * origin is on the allow-list, without user info. Anything else yields nothing, and the
 * caller uses its default.
 *
 * <pre>{@code
 * RedirectValidator redirects = new RedirectValidator(Set.of("https://app.example"));
 * String target = redirects.validate(request.getParameter("redirect_url")).orElse("/");
 * }</pre>
 */
public final class RedirectValidator {
    private static final int MAX_LENGTH = 2048;
    private final Set<String> allowedOrigins;

    public RedirectValidator(Set<String> allowedOrigins) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /** The target when it is safe to redirect to; empty otherwise. Never throws. */
    public Optional<String> validate(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (hasUnsafeCharacters(raw) || hasUnsafeCharacters(decoded)) {
            return Optional.empty();
        }
        if (raw.startsWith("/")) {
            return isLocalPath(raw) && isLocalPath(decoded) ? Optional.of(raw) : Optional.empty();
        }
        return allowListed(raw) ? Optional.of(raw) : Optional.empty();
    }

    private static boolean isLocalPath(String s) {
        return s.startsWith("/") && !s.startsWith("//") && !s.startsWith("/\\");
    }

    private static boolean hasUnsafeCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '\\' || Character.isWhitespace(c) || (c >= 0x80 && c <= 0x9F)
                    || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    private boolean allowListed(String raw) {
        if (allowedOrigins.isEmpty()) {
            return false;
        }
        try {
            URI uri = new URI(raw);
            String scheme = uri.getScheme();
            if (scheme == null || uri.getHost() == null || uri.getRawUserInfo() != null || uri.isOpaque()) {
                return false;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                return false;
            }
            String origin = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
            return allowedOrigins.contains(origin);
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
