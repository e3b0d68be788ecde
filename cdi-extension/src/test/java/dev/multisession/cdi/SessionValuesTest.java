package dev.multisession.cdi;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Actor;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.User;
import dev.multisession.core.token.SessionClaims;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionValuesTest {
    private static final Instant CREATED = Instant.parse("2026-03-14T15:09:26.535Z");
    private static final MultiSessionConfig CONFIG = MultiSessionConfig.builder()
            .sessionLifetime(Duration.ofDays(2)).inactivityTimeout(Duration.ofHours(3)).build();

    /** A session id for {@code created}, encoded here rather than by {@code Ids} (whose ids never go back in time). */
    private static String idAt(Instant created) {
        String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        char[] time = new char[10];
        long millis = created.toEpochMilli();
        for (int i = 9; i >= 0; i--) {
            time[i] = alphabet.charAt((int) (millis & 31));
            millis >>>= 5;
        }
        return "sess_" + new String(time) + "7ZZZZZZZZZZZZZZZ";
    }

    private static SessionClaims claims(String sessionId, Instant issuedAt) {
        return new SessionClaims("multisession", User.of("alice"), sessionId, Ids.newClientId(Clock.systemUTC()), 2,
                Optional.empty(), issuedAt, Optional.empty(), issuedAt.plusSeconds(60),
                Optional.of(Organization.builder("org_1", "acme").build()), Optional.of(new Actor("admin", null)));
    }

    @Test
    void createdAtIsTheMillisecondPrefixOfTheSessionId() {
        assertEquals(Optional.of(CREATED), SessionValues.createdAt(idAt(CREATED)));
    }

    @Test
    void createdAtOfAnIdJustMadeIsNow() {
        long before = System.currentTimeMillis();
        String id = Ids.newSessionId(Clock.systemUTC());
        long after = System.currentTimeMillis();
        long created = SessionValues.createdAt(id).orElseThrow().toEpochMilli();
        assertTrue(created >= before && created <= after, created + " not in [" + before + ", " + after + "]");
    }

    @Test
    void malformedSessionIdHasNoCreationTime() {
        assertEquals(Optional.empty(), SessionValues.createdAt("sess_not-a-ulid"));
        assertEquals(Optional.empty(), SessionValues.createdAt("sess_ZZZZZZZZZZZZZZZZZZZZZZZZZZ"));
    }

    @Test
    void sessionTakesItsTimesFromTheIdTheTokenAndTheConfiguredLifetime() {
        String id = idAt(CREATED);
        Instant iat = CREATED.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Session s = SessionValues.of(claims(id, iat), User.of("alice"), Optional.empty(), CONFIG, SessionStatus.ACTIVE);
        assertEquals(CREATED, s.createdAt());
        assertEquals(iat, s.lastActiveAt());
        assertEquals(CREATED.plus(Duration.ofDays(2)), s.expiresAt());
        assertEquals(Optional.of(Duration.ofHours(3)), s.inactivityTimeout());
        assertEquals(2, s.index());
        assertEquals(Optional.of(new Actor("admin", null)), s.actor());
    }

    @Test
    void tokenIssuedInTheSameSecondAsTheIdKeepsTheIdsMillisecondsAndIsNotLastActiveBeforeCreation() {
        String id = idAt(CREATED);
        Instant iat = CREATED.truncatedTo(ChronoUnit.SECONDS);
        Session s = SessionValues.of(claims(id, iat), User.of("alice"), Optional.empty(), CONFIG, SessionStatus.ACTIVE);
        assertEquals(CREATED, s.createdAt());
        assertEquals(CREATED, s.lastActiveAt());
    }

    @Test
    void idClaimingATimeAfterTheTokenFallsBackToTheTokensIssueTime() {
        String id = idAt(CREATED);
        Instant iat = CREATED.minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        Session s = SessionValues.of(claims(id, iat), User.of("alice"), Optional.empty(), CONFIG, SessionStatus.ENDED);
        assertEquals(iat, s.createdAt());
        assertEquals(SessionStatus.ENDED, s.status());
    }

    @Test
    void userAndOrganizationAreTheOnesGivenNotTheTokens() {
        String id = Ids.newSessionId(Clock.systemUTC());
        User enriched = User.builder("alice").name("Alice A.").build();
        Organization named = Organization.builder("org_1", "acme").name("Acme Corporation").build();
        Session s = SessionValues.of(claims(id, Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)), enriched,
                Optional.of(named), CONFIG, SessionStatus.ACTIVE);
        assertEquals(enriched, s.user());
        assertEquals(Optional.of(named), s.activeOrganization());
    }
}
