package dev.multisession.core.clerk;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a Clerk session token says beyond the user, session, organization and actor that every
 * profile maps: the claim version, Clerk's session status ({@code sts}), the factor verification
 * age ({@code fva}) and the features ({@code fea}) it lists.
 *
 * <pre>{@code
 * Optional<ClerkClaims> clerk = Accounts.session(request).flatMap(SessionClaims::clerk);
 * boolean recentSecondFactor = clerk.flatMap(ClerkClaims::factorVerificationAge)
 *     .map(fva -> fva.get(1) >= 0 && fva.get(1) <= 10).orElse(false);
 * }</pre>
 *
 * @param version               {@code v}: 2 for Clerk's compact claims, 1 otherwise
 * @param status                {@code sts}: {@code active} or {@code pending}; empty for instances that do not send it
 * @param factorVerificationAge {@code fva}: minutes since the first and the second factor were verified ({@code -1}: never)
 * @param organizationFeatures  organization-scoped features of {@code fea} ({@code o:} and {@code ou:})
 * @param userFeatures          user-scoped features of {@code fea} ({@code u:} and {@code ou:})
 */
public record ClerkClaims(int version, Optional<String> status, Optional<List<Integer>> factorVerificationAge,
                          Set<String> organizationFeatures, Set<String> userFeatures) {

    public ClerkClaims {
        factorVerificationAge = factorVerificationAge.map(List::copyOf);
        organizationFeatures = Set.copyOf(organizationFeatures);
        userFeatures = Set.copyOf(userFeatures);
    }

    /** True when Clerk says the session still has tasks to complete ({@code sts: pending}). */
    public boolean isPending() {
        return status.filter(ClerkReasons.PENDING_STATUS::equals).isPresent();
    }
}
