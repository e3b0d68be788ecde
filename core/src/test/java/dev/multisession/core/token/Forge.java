package dev.multisession.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.multisession.core.keys.SigningKeys;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;

/**
 * Builds session tokens by hand with Nimbus, valid or deliberately broken, for the verifier tests.
 * Everything here signs for real: a forgery is rejected because of what it changes, not because
 * the helper produced junk.
 */
final class Forge {
    static final String ISSUER = "https://app.example";
    static final String SESSION_ID = "sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R";
    static final String CLIENT_ID = "client_01JD3Q8Z6V8W4S0F2K7N5M9P3S";

    private Forge() {
    }

    /** The claims of a valid session token issued now, living 60 s. */
    static JWTClaimsSet.Builder validClaims(Clock clock) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("user_42")
                .claim("sid", SESSION_ID)
                .claim("cid", CLIENT_ID)
                .claim("idx", 0)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(60)));
    }

    /** The header the issuer writes: the keys' algorithm, {@code typ: JWT} and the active {@code kid}. */
    static JWSHeader.Builder header(SigningKeys keys) {
        return new JWSHeader.Builder(keys.algorithm()).type(JOSEObjectType.JWT).keyID(keys.activeKid());
    }

    static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** Signs an arbitrary JSON payload (claims of any JSON type) under {@code header}. */
    static String signJson(JWSHeader header, String payloadJson, JWSSigner signer) {
        JWSObject jws = new JWSObject(header, new Payload(payloadJson));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }

    /** A valid token for {@code keys}, issued now. */
    static String valid(SigningKeys keys, Clock clock) {
        return sign(header(keys).build(), validClaims(clock).build(), keys.signer());
    }

    /** Base64url without padding of a UTF-8 string, as a compact JWS segment. */
    static String segment(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The {@code i}-th dot-separated segment of a compact token. */
    static String part(String token, int i) {
        return token.split("\\.", -1)[i];
    }

    /** A token whose header segment is replaced by {@code headerJson}, signed over the new signing input. */
    static String withRawHeader(String headerJson, JWTClaimsSet claims, SigningKeys keys) {
        String signingInput = segment(headerJson) + "." + segment(claims.toString());
        try {
            Base64URL signature = keys.signer().sign(new JWSHeader(JWSAlgorithm.RS256), signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + signature;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
