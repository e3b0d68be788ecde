package dev.multisession.core.token;

/**
 * The checks made on a token's text before anything decodes it: a length cap and the
 * canonical compact form {@code ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$} (no padding,
 * no {@code +} or {@code /}, no whitespace, exactly three segments).
 *
 * <pre>{@code
 * if (!TokenForm.isCompactJws(token, 4096)) reject();
 * }</pre>
 */
public final class TokenForm {
    private TokenForm() {
    }

    /** True when {@code token} is at most {@code maxLength} characters of canonical compact JWS form. */
    public static boolean isCompactJws(String token, int maxLength) {
        if (token == null || token.isEmpty() || token.length() > maxLength) {
            return false;
        }
        int dots = 0;
        int segmentLength = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            // one table read per character (the decoder's), instead of five range comparisons
            // whose branches a token's random letters and digits mispredict
            if (CanonicalBase64Url.inAlphabet(c)) {
                segmentLength++;
            } else if (c == '.') {
                if (segmentLength == 0 || ++dots > 2) {
                    return false;
                }
                segmentLength = 0;
            } else {
                return false;
            }
        }
        return dots == 2 && segmentLength > 0;
    }
}
