package dev.multisession.benchmarks;

import com.clerk.backend_api.helpers.security.AuthenticateRequest;
import com.clerk.backend_api.helpers.security.models.AuthenticateRequestOptions;
import com.clerk.backend_api.helpers.security.models.RequestState;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.pac4j.core.profile.UserProfile;
import org.pac4j.jwt.config.signature.RSASignatureConfiguration;
import org.pac4j.jwt.credentials.authenticator.JwtAuthenticator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the libraries a user would pick instead cost per request, each used the way its
 * documentation shows, on the very token the hot path chooses (session 0: RS256, same key, same
 * claims; it carries everything Clerk requires: {@code sub}, {@code sid}, {@code iat},
 * {@code nbf}, {@code exp}, {@code iss}, {@code azp}). None of them caches a verified token, so
 * each request pays a signature check.
 *
 * <ul>
 *   <li>{@link #nimbusRaw}: Nimbus JOSE+JWT's {@code DefaultJWTProcessor} with the public key, an
 *       exact {@code iss} and required {@code sub}/{@code sid}/{@code exp}/{@code iat}.</li>
 *   <li>{@link #clerk}: Clerk's Java SDK, {@code AuthenticateRequest.authenticateRequest} with the
 *       networkless {@code jwtKey} (PEM) option and the authorized party set, on request headers
 *       carrying the token in the {@code __session} cookie, as Clerk's browser SDK sends it.</li>
 *   <li>{@link #pac4j}: pac4j's {@code JwtAuthenticator} with an {@code RSASignatureConfiguration}
 *       holding the public key, building the user profile.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PeerBenchmark {
    private String token;
    private DefaultJWTProcessor<SecurityContext> nimbus;
    private Map<String, List<String>> clerkHeaders;
    private AuthenticateRequestOptions clerkOptions;
    private JwtAuthenticator pac4j;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Fixture fixture = Fixture.signedIn(Fixture.config().build(), Fixture.SESSIONS);
        token = fixture.token(0);

        nimbus = new DefaultJWTProcessor<>();
        nimbus.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                new ImmutableJWKSet<>(fixture.keys().publicJwkSet())));
        nimbus.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(Fixture.ISSUER).build(), Set.of("sub", "sid", "exp", "iat")));
        HotPathBenchmark.require("user_0".equals(nimbusRaw().getSubject()), "Nimbus did not verify the token");

        clerkHeaders = new LinkedHashMap<>();
        clerkHeaders.put("Host", List.of("127.0.0.1:8080"));
        clerkHeaders.put("Accept", List.of("application/json"));
        clerkHeaders.put("Cookie", List.of("__client_uat=1767225600; __session=" + token));
        clerkOptions = AuthenticateRequestOptions.jwtKey(fixture.publicKeyPem())
                .authorizedParty(Fixture.ORIGIN)
                .build();
        RequestState state = clerk();
        HotPathBenchmark.require(state.isSignedIn() && "user_0".equals(state.claims().orElseThrow().getSubject()),
                "Clerk did not accept the token: " + state.reason());

        RSASignatureConfiguration signature = new RSASignatureConfiguration();
        signature.setPublicKey(fixture.publicKey());
        pac4j = new JwtAuthenticator(signature);
        UserProfile profile = pac4j();
        HotPathBenchmark.require(profile != null && "user_0".equals(profile.getId()), "pac4j did not accept the token");
    }

    @Benchmark
    public JWTClaimsSet nimbusRaw() throws Exception {
        return nimbus.process(token, null);
    }

    @Benchmark
    public RequestState clerk() {
        return AuthenticateRequest.authenticateRequest(clerkHeaders, clerkOptions);
    }

    @Benchmark
    public UserProfile pac4j() {
        return pac4j.validateToken(token);
    }
}
