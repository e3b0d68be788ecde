package dev.multisession.core.token;

/**
 * The issuer refused to mint a token over 3 KB: the session's claims (usually the
 * organization's permissions or the profile) are too large for a cookie.
 */
public class TokenTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TokenTooLargeException(int size, int limit) {
        super("multisession: the session token would be " + size + " bytes, over the " + limit
                + "-byte limit. Carry fewer organization permissions or shorter profile fields (name, email, "
                + "picture) in the token; look the rest up in the app.");
    }
}
