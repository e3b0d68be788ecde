package dev.multisession.core.clerk;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes the organization permissions of a v2 Clerk session token the way Clerk's JavaScript
 * backend does ({@code @clerk/shared}: {@code jwtPayloadParser.ts} and {@code splitByScope} of
 * {@code authorization.ts}), without its failure modes: nothing here throws, whatever the claims.
 *
 * <ul>
 *   <li>{@code fea} lists features as {@code <scope>:<name>}, comma-separated; the organization's
 *       are those of scope {@code o}, {@code ou} or {@code uo}, in order. An element without
 *       {@code :} makes the whole list unreadable: no features (Clerk's parser throws).</li>
 *   <li>{@code o.per} lists the permission names, comma-separated; {@code o.fpm} holds one entry
 *       per organization feature, in the same order: a decimal number of any size whose bit
 *       {@code i} (least significant first) grants the {@code i}-th permission of {@code o.per} for
 *       that feature, as {@code org:<feature>:<permission>}. Bits past the end of {@code o.per}
 *       grant nothing.</li>
 *   <li>An entry that is not all ASCII digits (after trimming), a missing {@code o.per} or
 *       {@code o.fpm}, or fewer entries than features, grant nothing for the features concerned.</li>
 * </ul>
 *
 * <pre>{@code
 * // fea "o:invoices,u:profile", per "read,manage", fpm "3"
 * ClerkPermissions.organizationPermissions("o:invoices,u:profile", "read,manage", "3");
 * // [org:invoices:read, org:invoices:manage]
 * }</pre>
 */
final class ClerkPermissions {

    private ClerkPermissions() {
    }

    /** The features of {@code fea} split by scope; both empty when {@code fea} is absent or unreadable. */
    record Features(List<String> organization, List<String> user) {
        static final Features NONE = new Features(List.of(), List.of());
    }

    static Features features(String fea) {
        if (fea == null || fea.isEmpty()) {
            return Features.NONE;
        }
        List<String> org = new ArrayList<>();
        List<String> user = new ArrayList<>();
        for (String raw : fea.split(",", -1)) {
            String part = raw.strip();
            int colon = part.indexOf(':');
            if (colon < 0) {
                return Features.NONE;
            }
            String scope = part.substring(0, colon);
            String name = part.substring(colon + 1);
            switch (scope) {
                case "o" -> org.add(name);
                case "u" -> user.add(name);
                case "ou", "uo" -> {
                    org.add(name);
                    user.add(name);
                }
                default -> {
                    // another scope: not a feature of the user nor of the organization
                }
            }
        }
        return new Features(List.copyOf(org), List.copyOf(user));
    }

    /**
     * The organization permissions a v2 token grants: {@code org:<feature>:<permission>} for every
     * organization feature of {@code fea} and every bit of its {@code fpm} entry that names a
     * permission of {@code per}. Any argument may be null.
     */
    static Set<String> organizationPermissions(String fea, String per, String fpm) {
        Set<String> out = new LinkedHashSet<>();
        if (per == null || per.isEmpty() || fpm == null || fpm.isEmpty()) {
            return out;
        }
        List<String> features = features(fea).organization();
        String[] permissions = per.split(",", -1);
        for (int i = 0; i < permissions.length; i++) {
            permissions[i] = permissions[i].strip();
        }
        String[] entries = fpm.split(",", -1);
        for (int f = 0; f < features.size() && f < entries.length; f++) {
            String feature = features.get(f);
            Optional<BigInteger> bits = decimal(entries[f].strip());
            if (feature.isEmpty() || bits.isEmpty()) {
                continue;
            }
            for (int p = 0; p < permissions.length; p++) {
                if (bits.get().testBit(p) && !permissions[p].isEmpty()) {
                    out.add("org:" + feature + ":" + permissions[p]);
                }
            }
        }
        return out;
    }

    /** A non-negative decimal of ASCII digits only, of any size; empty for anything else. */
    static Optional<BigInteger> decimal(String s) {
        if (s.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
        }
        return Optional.of(new BigInteger(s));
    }
}
