package dev.multisession.examples;

import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Tasks;
import dev.multisession.core.model.User;
import dev.multisession.core.organization.OrganizationDirectory;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The demo's user database and organization memberships. Passwords are shown on the sign-in
 * page: this is a demo, not an example of storing passwords.
 */
public final class DemoUsers implements OrganizationDirectory {

    /** One demo account; {@code tasks}: what its sign-in must finish before the app opens (a pending session). */
    public record Account(User user, String password, List<Organization> memberships, List<String> tasks) {
        Account(User user, String password, List<Organization> memberships) {
            this(user, password, memberships, List.of());
        }
    }

    private static final Organization ACME = Organization.builder("org_acme", "acme").name("Acme Inc.").build();
    private static final Organization GLOBEX = Organization.builder("org_globex", "globex").name("Globex Corp.").build();

    private static final Map<String, Account> ACCOUNTS = Map.of(
            "alice", new Account(User.builder("alice").name("Alice Martin").email("alice@acme.example").build(), "alice123",
                    List.of(member(ACME, "org:admin", "org:invoices:read", "org:invoices:write"),
                            member(GLOBEX, "org:member"))),
            "bob", new Account(User.builder("bob").name("Bob Chen").email("bob@acme.example").build(), "bob123",
                    List.of(member(ACME, "org:member", "org:invoices:read"))),
            "carol", new Account(User.builder("carol").name("Carol Diaz").email("carol@globex.example").build(), "carol123",
                    List.of(member(GLOBEX, "org:admin", "org:invoices:read"))),
            "dave", new Account(User.builder("dave").name("Dave Okafor").email("dave@personal.example").build(), "dave123",
                    List.of()),
            // a member of two organizations who must choose one before the app opens (session task)
            "erin", new Account(User.builder("erin").name("Erin Novak").email("erin@acme.example").build(), "erin123",
                    List.of(member(ACME, "org:member", "org:invoices:read"), member(GLOBEX, "org:admin", "org:invoices:read")),
                    List.of(Tasks.CHOOSE_ORGANIZATION)));

    private static Organization member(Organization org, String role, String... permissions) {
        return Organization.builder(org.id(), org.slug()).name(org.name()).role(role).permissions(Set.of(permissions)).build();
    }

    /** Every demo account, in the order the sign-in page lists them. */
    public static List<Account> all() {
        return List.of(ACCOUNTS.get("alice"), ACCOUNTS.get("bob"), ACCOUNTS.get("carol"), ACCOUNTS.get("dave"),
                ACCOUNTS.get("erin"));
    }

    /** The account when the password matches (compared in constant time). */
    public static Optional<Account> authenticate(String username, String password) {
        Account account = username == null ? null : ACCOUNTS.get(username.trim().toLowerCase(java.util.Locale.ROOT));
        if (account == null || password == null) {
            return Optional.empty();
        }
        boolean ok = MessageDigest.isEqual(account.password().getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8));
        return ok ? Optional.of(account) : Optional.empty();
    }

    @Override
    public List<Organization> memberships(String userId) {
        Account account = ACCOUNTS.get(userId);
        return account == null ? List.of() : account.memberships();
    }
}
