package dev.multisession.core.cookie;

import java.time.Duration;

/**
 * One {@code Set-Cookie} the response must carry. Every cookie of the family is
 * {@code HttpOnly; SameSite=Lax; Path=/}, plus {@code Secure} on HTTPS (where the name has
 * the {@code __Host-} prefix).
 *
 * <pre>{@code
 * response.addHeader("Set-Cookie", write.toSetCookieHeader());
 * }</pre>
 */
public record CookieWrite(String name, String value, Duration maxAge, boolean secure) {

    /** A write that deletes the cookie. */
    public static CookieWrite delete(String name, boolean secure) {
        return new CookieWrite(name, "", Duration.ZERO, secure);
    }

    /** True when this write deletes the cookie. */
    public boolean isDeletion() {
        return maxAge.isZero();
    }

    /** The {@code Set-Cookie} header value. */
    public String toSetCookieHeader() {
        StringBuilder sb = new StringBuilder(name.length() + value.length() + 64)
                .append(name).append('=').append(value)
                .append("; Path=/; Max-Age=").append(maxAge.getSeconds());
        if (maxAge.isZero()) {
            sb.append("; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
        }
        sb.append("; HttpOnly; SameSite=Lax");
        if (secure) {
            sb.append("; Secure");
        }
        return sb.toString();
    }

    /** Never prints the value: it may be a token. */
    @Override
    public String toString() {
        return "CookieWrite[" + name + (isDeletion() ? ", delete" : "") + "]";
    }
}
