package dev.multisession.core.clerk;

import dev.multisession.core.selection.RequestView;
import dev.multisession.core.selection.SelectionSource;
import dev.multisession.core.selection.SessionChoice;
import dev.multisession.core.selection.SessionSelector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a request's Clerk session token comes from, read from the request alone (no
 * verification): {@code Authorization: Bearer} first (any other scheme is ignored), else Clerk's
 * session cookie and {@code __client_uat}. With a publishable key configured the suffixed pair
 * ({@code __session_<suffix>}, {@code __client_uat_<suffix>}) is read when the browser has the
 * suffixed {@code __client_uat}, the unsuffixed pair otherwise (as Clerk's {@code authenticateContext.ts}
 * falls back when there are no suffixed cookies).
 *
 * <pre>{@code
 * ClerkRequest r = ClerkRequest.read(request, Optional.of("Yh6cAqUr"));
 * r.bearer();        // the header's token, if any
 * r.cookieTokens();  // every value of the session cookie (a browser sends one; more were planted)
 * r.clientUat();     // __client_uat as epoch seconds; 0 when absent, "0" or unreadable
 * }</pre>
 *
 * @param bearer          the {@code Authorization: Bearer} token
 * @param bearerUnusable  a {@code Bearer} credential came but is empty, oversized or one of several
 * @param cookieTokens    the session cookie's values, in the order sent, at most {@value #MAX_VALUES}
 * @param clientUat       {@code __client_uat} in epoch seconds; the highest when several came; 0 for none
 * @param suffixed        true when the suffixed cookie names were read
 */
public record ClerkRequest(Optional<String> bearer, boolean bearerUnusable, List<String> cookieTokens, long clientUat,
                           boolean suffixed) {
    /** Clerk's session cookie. */
    public static final String SESSION_COOKIE = "__session";
    /** Clerk's cookie saying when the browser last signed in or out (epoch seconds; 0: signed out). */
    public static final String CLIENT_UAT_COOKIE = "__client_uat";
    /** Session cookie values checked per request at most: a browser sends one, more were planted. */
    public static final int MAX_VALUES = 4;

    public ClerkRequest {
        cookieTokens = List.copyOf(cookieTokens);
    }

    /** Reads the request; never throws. {@code suffix}: Clerk's cookie suffix, when a publishable key is configured. */
    public static ClerkRequest read(RequestView request, Optional<String> suffix) {
        SessionChoice choice = SessionSelector.choose(request, false);
        if (choice instanceof SessionChoice.Bearer bearer) {
            return new ClerkRequest(Optional.of(bearer.token()), false, List.of(), 0, false);
        }
        if (choice.source() == SelectionSource.BEARER) {
            return new ClerkRequest(Optional.empty(), true, List.of(), 0, false);
        }
        List<RequestView.RequestCookie> cookies = request.allCookies(); // Clerk's names are not this library's family
        boolean suffixed = suffix.isPresent() && has(cookies, CLIENT_UAT_COOKIE + "_" + suffix.get());
        String session = suffixed ? SESSION_COOKIE + "_" + suffix.get() : SESSION_COOKIE;
        String uat = suffixed ? CLIENT_UAT_COOKIE + "_" + suffix.get() : CLIENT_UAT_COOKIE;
        List<String> tokens = new ArrayList<>(1);
        long clientUat = 0;
        for (RequestView.RequestCookie c : cookies) {
            if (c.name().equals(session) && !c.value().isEmpty() && tokens.size() < MAX_VALUES) {
                tokens.add(c.value());
            } else if (c.name().equals(uat)) {
                clientUat = Math.max(clientUat, epochSeconds(c.value()));
            }
        }
        return new ClerkRequest(Optional.empty(), false, tokens, clientUat, suffixed);
    }

    private static boolean has(List<RequestView.RequestCookie> cookies, String name) {
        for (RequestView.RequestCookie c : cookies) {
            if (c.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** 1 to 12 ASCII digits as a number; 0 for anything else (Clerk reads an unreadable value as 0 too). */
    static long epochSeconds(String value) {
        if (value.isEmpty() || value.length() > 12) {
            return 0;
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
