package dev.multisession.core.clerk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The v2 permission decoding, checked against the semantics of Clerk's JavaScript backend
 * ({@code clerk/javascript}, {@code packages/shared/src/jwtPayloadParser.ts} and
 * {@code splitByScope} in {@code packages/shared/src/authorization.ts}, commit
 * {@code e21ae9a4cf189ed20cb04bee94497533cd9d4dbe}): the first rows are the cases of its
 * {@code packages/shared/src/__tests__/jwtPayloadParser.spec.ts}; the rest are where Clerk's SDKs
 * throw or disagree (malformed entries, entries over 2^31 and 2^64, {@code fea} without
 * {@code o.per}), which here grant nothing or exactly the bits named, and never throw.
 */
class ClerkPermissionsTest {

    private static Set<String> decode(String fea, String per, String fpm) {
        return new TreeSet<>(ClerkPermissions.organizationPermissions(fea, per, fpm));
    }

    private static Set<String> set(String semicolonSeparated) {
        return semicolonSeparated.isEmpty() ? Set.of()
                : Arrays.stream(semicolonSeparated.split(";")).collect(Collectors.toCollection(TreeSet::new));
    }

    @ParameterizedTest(name = "fea={0} per={1} fpm={2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // the cases of Clerk's jwtPayloadParser.spec.ts
            "o:impersonation | read,manage | 3 | org:impersonation:read;org:impersonation:manage",
            "o:impersonation,o:memberships | read,manage | 1,3 | org:impersonation:read;org:memberships:read;org:memberships:manage",
            "o:impersonation,o:memberships,o:feature3 | read,manage | 1,3,0 | org:impersonation:read;org:memberships:read;org:memberships:manage",
            "uo:impersonation,o:memberships,uo:feature3 | read,manage | 1,3,1 | org:impersonation:read;org:memberships:read;org:memberships:manage;org:feature3:read",
            "u:impersonation,u:memberships,u:feature3 | null | null | ''",
            "ou:memberships,u:impersonation | read,manage | 3,0 | org:memberships:read;org:memberships:manage",
            "o:billing,o:email,o:fraud,o:instance,o:staging_plans | manage,read | 3,3,3,3,1 | org:billing:manage;org:billing:read;org:email:manage;org:email:read;org:fraud:manage;org:fraud:read;org:instance:manage;org:instance:read;org:staging_plans:manage",
            "o:repositories,o:projects | read,create,update,delete,revoke | 7,21 | org:repositories:read;org:repositories:create;org:repositories:update;org:projects:read;org:projects:update;org:projects:revoke",
            "o:repositories,o:projects,o:webhooks,o:impersonation | read,manage | 1,2,3,0 | org:repositories:read;org:projects:manage;org:webhooks:read;org:webhooks:manage",
    })
    void decodesAsClerksJavaScriptBackend(String fea, String per, String fpm, String expected) {
        assertEquals(set(expected), decode(fea, per, fpm));
    }

    @Test
    void theLeastSignificantBitIsTheFirstPermission() {
        assertEquals(set("org:f:a"), decode("o:f", "a,b,c", "1"));
        assertEquals(set("org:f:c"), decode("o:f", "a,b,c", "4"));
    }

    @Test
    void feaWithoutOPerGrantsNothing() {
        assertEquals(Set.of(), decode("o:invoices", null, "3"));
    }

    @Test
    void feaWithoutOFpmGrantsNothing() {
        assertEquals(Set.of(), decode("o:invoices", "read,manage", null));
    }

    @Test
    void userScopedFeaturesGrantNoOrganizationPermission() {
        assertEquals(Set.of(), decode("u:invoices", "read,manage", "3"));
    }

    @ParameterizedTest(name = "fpm \"{0}\"")
    @CsvSource(delimiter = '|', value = {"abc", "12abc", "-1", "+3", "1.5", "0x3", "3e0", "' '", "３", "１"})
    void anEntryThatIsNotADecimalGrantsNothingAndLeavesTheOthers(String entry) {
        assertEquals(set("org:second:read"), decode("o:first,o:second", "read,manage", entry + ",1"));
    }

    @Test
    void anEntryOver2To31IsReadWhole() {
        // 2^31 + 2^32 + 1: past Integer.MAX_VALUE, where a decoder into int would overflow or throw
        String entry = BigInteger.ONE.shiftLeft(31).add(BigInteger.ONE.shiftLeft(32)).add(BigInteger.ONE).toString();
        String per = IntStream.range(0, 33).mapToObj(i -> "p" + i).collect(Collectors.joining(","));
        assertEquals(set("org:f:p0;org:f:p31;org:f:p32"), decode("o:f", per, entry));
    }

    @Test
    void anEntryOver2To64WithBitsPastThePermissionListGrantsNothing() {
        assertEquals(Set.of(), decode("o:f", "read,manage,delete", BigInteger.ONE.shiftLeft(64).toString()));
    }

    @Test
    void anEntryOver2To64KeepsItsLowBitsExactly() {
        // 2^64 + 5: a JavaScript number would round the low bits away
        assertEquals(set("org:f:read;org:f:delete"),
                decode("o:f", "read,manage,delete", BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(5)).toString()));
    }

    @Test
    void aHundredDigitEntryIsDecodedWithoutError() {
        assertEquals(set("org:f:read;org:f:manage"), decode("o:f", "read,manage", "9".repeat(100)));
    }

    @Test
    void aFeatureListWithAnElementWithoutColonGrantsNothing() {
        assertEquals(Set.of(), decode("o:invoices,broken", "read", "1,1"));
    }

    @Test
    void moreFeaturesThanEntriesGrantOnlyForThoseWithAnEntry() {
        assertEquals(set("org:a:read"), decode("o:a,o:b", "read", "1"));
    }

    @Test
    void bitsPastThePermissionListGrantNothing() {
        assertEquals(set("org:a:read"), decode("o:a", "read", "7"));
    }

    @Test
    void spacesAroundNamesAndEntriesAreTrimmed() {
        assertEquals(set("org:a:manage"), decode(" o:a ", " read , manage ", " 2 "));
    }

    @Test
    void featuresSplitByScope() {
        ClerkPermissions.Features f = ClerkPermissions.features("o:a,u:b,ou:c,uo:d,x:e");
        assertEquals(java.util.List.of("a", "c", "d"), f.organization());
        assertEquals(java.util.List.of("b", "c", "d"), f.user());
        assertTrue(ClerkPermissions.features(null).organization().isEmpty());
    }
}
