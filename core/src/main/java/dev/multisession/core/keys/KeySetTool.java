package dev.multisession.core.keys;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes the JWK set that {@code multisession.keys.jwks-file} reads: every node of an app signs
 * and verifies with the same keys. Never prints key material; the file is written readable by
 * its owner only.
 *
 * <pre>{@code
 * java -cp <multisession-core and nimbus-jose-jwt jars> dev.multisession.core.keys.KeySetTool generate keys.json [RS256|PS256|ES256]
 * java -cp ... dev.multisession.core.keys.KeySetTool rotate keys.json                 # one node
 * java -cp ... dev.multisession.core.keys.KeySetTool prepare keys.json                # several nodes: step 1
 * java -cp ... dev.multisession.core.keys.KeySetTool activate keys.json               # step 2
 * java -cp ... dev.multisession.core.keys.KeySetTool retire keys.json                 # one session lifetime later
 * }</pre>
 *
 * <ul>
 * <li>{@code generate FILE [ALGORITHM]}: a new set with one private key (default RS256, 2048
 *     bits; the {@code kid} is the key's thumbprint). Refuses to overwrite a file.</li>
 * <li>{@code rotate FILE}: adds a new private key of the same algorithm, which signs from now
 *     on, and keeps the earlier keys as public keys only, so tokens they signed still verify
 *     and refresh (an account not used for days holds a token the old key signed) until the
 *     sessions they served have ended: one session lifetime. For one node: on several nodes, a node restarted
 *     with the new file signs with a key the others do not know yet; use the two steps below.</li>
 * <li>{@code prepare FILE}: step 1 of a rotation on several nodes. Generates the next key,
 *     publishes its public part in {@code FILE} (verification only; the current key still signs)
 *     and keeps its private part in {@code FILE.next}. Copy {@code FILE} to every node and
 *     restart them: each then verifies both keys.</li>
 * <li>{@code activate FILE}: step 2. The prepared key signs; every other key is kept public
 *     only; {@code FILE.next} is removed. Copy {@code FILE} to every node and restart them: a
 *     token from a node already restarted verifies on one not yet restarted, and the other way
 *     round.</li>
 * <li>{@code retire FILE}: once a session lifetime ({@code multisession.session.lifetime}, 7 days by
 *     default) has passed since the last node signed with them, removes the keys that only verify.
 *     Earlier, an account a browser has not used since then loses its session: its expired token,
 *     signed by a retired key, can no longer be refreshed.</li>
 * </ul>
 */
public final class KeySetTool {
    private static final Set<String> ALGORITHMS = Set.of("RS256", "PS256", "ES256");
    private static final String USAGE = String.join("\n",
            "usage: KeySetTool generate FILE [RS256|PS256|ES256]   write a new JWK set with one signing key",
            "       KeySetTool rotate FILE                          add a new signing key; older keys only verify (one node)",
            "       KeySetTool prepare FILE                         several nodes, step 1: publish the next key, keep it in FILE.next",
            "       KeySetTool activate FILE                        step 2: the prepared key signs; older keys only verify",
            "       KeySetTool retire FILE                          one session lifetime later: drop the keys that only verify");

    private KeySetTool() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs one command; 0 on success, 1 when it failed, 2 for a usage error. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length >= 2 && args.length <= 3 && args[0].equals("generate")) {
                return generate(Path.of(args[1]), args.length == 3 ? args[2] : "RS256", out, err);
            }
            if (args.length == 2) {
                Path file = Path.of(args[1]);
                switch (args[0]) {
                    case "rotate": return rotate(file, out, err);
                    case "prepare": return prepare(file, out, err);
                    case "activate": return activate(file, out, err);
                    case "retire": return retire(file, out, err);
                    default: break;
                }
            }
            err.println(USAGE);
            return 2;
        } catch (IOException e) {
            err.println("KeySetTool: " + e.getClass().getSimpleName() + " on " + e.getMessage());
            return 1;
        }
    }

    private static int generate(Path file, String algorithm, PrintStream out, PrintStream err) throws IOException {
        if (!ALGORITHMS.contains(algorithm)) {
            err.println("KeySetTool: the algorithm must be one of RS256, PS256, ES256, not '" + printable(algorithm) + "'");
            return 2;
        }
        if (Files.exists(file)) {
            err.println("KeySetTool: " + file + " exists; generate never overwrites a key set (use rotate, or remove it first)");
            return 1;
        }
        JWK key = SigningKeys.generate(JWSAlgorithm.parse(algorithm)).privateActiveKey();
        write(file, new JWKSet(key), false);
        out.println("wrote " + file + ": one " + algorithm + " signing key, kid " + key.getKeyID());
        out.println("set multisession.keys.jwks-file=" + file.toAbsolutePath()
                + (algorithm.equals("RS256") ? "" : " and multisession.token.algorithm=" + algorithm)
                + " on every node; keep the file secret");
        return 0;
    }

    private static int rotate(Path file, PrintStream out, PrintStream err) throws IOException {
        JWKSet set = read(file, "create it with generate", err);
        JWK signing = set == null ? null : signingKey(file, set, "rotate", err);
        if (signing == null) {
            return 1;
        }
        JWK fresh = nextKey(file, signing, err);
        if (fresh == null) {
            return 1;
        }
        List<JWK> keys = new ArrayList<>();
        keys.add(fresh);
        for (JWK k : set.getKeys()) {
            keys.add(k.toPublicJWK());
        }
        write(file, new JWKSet(keys), true);
        out.println("rotated " + file + ": kid " + fresh.getKeyID() + " signs from now on; kid "
                + signing.getKeyID() + " and " + (keys.size() - 2) + " older key(s) only verify");
        out.println("copy the file to the node and restart it; run retire once a session lifetime has passed"
                + " (several nodes: use prepare and activate instead)");
        return 0;
    }

    /** Step 1 of a rotation on several nodes: the next key published for verification, its private part kept aside. */
    private static int prepare(Path file, PrintStream out, PrintStream err) throws IOException {
        JWKSet set = read(file, "create it with generate", err);
        JWK signing = set == null ? null : signingKey(file, set, "prepare", err);
        if (signing == null) {
            return 1;
        }
        Path next = nextFile(file);
        if (Files.exists(next)) {
            err.println("KeySetTool: a prepared key waits in " + next + "; run activate, or delete it to prepare another;"
                    + " nothing changed");
            return 1;
        }
        JWK fresh = nextKey(file, signing, err);
        if (fresh == null) {
            return 1;
        }
        write(next, new JWKSet(fresh), false);
        List<JWK> keys = new ArrayList<>(set.getKeys());
        keys.add(fresh.toPublicJWK());
        write(file, new JWKSet(keys), true);
        out.println("prepared kid " + fresh.getKeyID() + ": " + file + " publishes it for verification, kid "
                + signing.getKeyID() + " still signs; its private part is in " + next + " (keep it as secret as the set)");
        out.println("1. copy " + file + " to every node and restart them (they verify both keys)");
        out.println("2. then run: KeySetTool activate " + file + ", copy the file to every node and restart them");
        out.println("3. once a session lifetime has passed after that (multisession.session.lifetime, 7 days by default): KeySetTool retire " + file);
        return 0;
    }

    /** Step 2: the prepared key signs; every other key only verifies. */
    private static int activate(Path file, PrintStream out, PrintStream err) throws IOException {
        JWKSet set = read(file, "create it with generate", err);
        if (set == null) {
            return 1;
        }
        Path next = nextFile(file);
        JWKSet prepared = read(next, "prepare a key first", err);
        if (prepared == null) {
            return 1;
        }
        List<JWK> privateKeys = prepared.getKeys().stream().filter(JWK::isPrivate).toList();
        if (privateKeys.size() != 1 || prepared.getKeys().size() != 1) {
            err.println("KeySetTool: " + next + " should hold the one prepared private key; nothing changed");
            return 1;
        }
        JWK fresh = privateKeys.get(0);
        JWK published = set.getKeyByKeyId(fresh.getKeyID());
        if (published == null || !published.toPublicJWK().equals(fresh.toPublicJWK())) {
            err.println("KeySetTool: " + file + " does not publish the prepared kid " + fresh.getKeyID() + "; the nodes"
                    + " could not verify it. Delete " + next + " and run prepare again; nothing changed");
            return 1;
        }
        List<JWK> keys = new ArrayList<>();
        keys.add(fresh);
        for (JWK k : set.getKeys()) {
            if (!fresh.getKeyID().equals(k.getKeyID())) {
                keys.add(k.toPublicJWK());
            }
        }
        write(file, new JWKSet(keys), true);
        Files.delete(next);
        out.println("activated kid " + fresh.getKeyID() + ": it signs from now on; " + (keys.size() - 1)
                + " other key(s) only verify");
        out.println("copy " + file + " to every node and restart them; a session lifetime after the last restart (7 days by default): KeySetTool retire "
                + file);
        return 0;
    }

    /** A session lifetime after activation: only the signing key is kept. */
    private static int retire(Path file, PrintStream out, PrintStream err) throws IOException {
        JWKSet set = read(file, "create it with generate", err);
        JWK signing = set == null ? null : signingKey(file, set, "retire", err);
        if (signing == null) {
            return 1;
        }
        if (Files.exists(nextFile(file))) {
            err.println("KeySetTool: a prepared key waits in " + nextFile(file) + "; retire would drop its published part."
                    + " Run activate first; nothing changed");
            return 1;
        }
        int retired = set.getKeys().size() - 1;
        if (retired == 0) {
            out.println(file + " holds only its signing key, kid " + signing.getKeyID() + "; nothing to retire");
            return 0;
        }
        write(file, new JWKSet(signing), true);
        out.println("retired " + retired + " key(s) that only verified; kid " + signing.getKeyID() + " signs. Tokens they"
                + " signed no longer verify: copy " + file + " to every node and restart them");
        return 0;
    }

    /** The set in {@code file}, or null after saying what is wrong. */
    private static JWKSet read(Path file, String ifMissing, PrintStream err) throws IOException {
        try {
            return JWKSet.parse(Files.readString(file));
        } catch (NoSuchFileException e) {
            err.println("KeySetTool: " + file + " does not exist; " + ifMissing);
        } catch (ParseException e) {
            err.println("KeySetTool: " + file + " is not a JWK set (JSON with a \"keys\" array); nothing changed");
        }
        return null;
    }

    /** The one private key of the set, or null after saying why there is not exactly one. */
    private static JWK signingKey(Path file, JWKSet set, String command, PrintStream err) {
        List<JWK> signing = set.getKeys().stream().filter(JWK::isPrivate).toList();
        if (signing.size() != 1) {
            err.println("KeySetTool: " + file + " holds " + signing.size() + " private keys; " + command
                    + " needs exactly one (the current signing key); nothing changed");
            return null;
        }
        return signing.get(0);
    }

    /** A new private key of the signing key's algorithm, or null after saying why there is none. */
    private static JWK nextKey(Path file, JWK signing, PrintStream err) {
        Algorithm current = signing.getAlgorithm();
        if (current == null || !ALGORITHMS.contains(current.getName())) {
            err.println("KeySetTool: the signing key of " + file + " names no algorithm this tool can renew (\"alg\" is "
                    + (current == null ? "missing" : current.getName()) + "); write a new set with generate");
            return null;
        }
        return SigningKeys.generate(JWSAlgorithm.parse(current.getName())).privateActiveKey();
    }

    private static Path nextFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".next");
    }

    /** Writes the set owner-readable only, replacing the file in one step. */
    private static void write(Path file, JWKSet set, boolean replace) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".keyset", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own protection applies
            }
            Files.writeString(tmp, set.toString(false) + "\n");
            if (replace) {
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                try {
                    Files.move(tmp, file);
                } catch (FileAlreadyExistsException e) {
                    throw new IOException(file + " (appeared meanwhile; nothing overwritten)");
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String printable(String s) {
        String t = s.replaceAll("[^A-Za-z0-9_-]", "?");
        return t.length() > 20 ? t.substring(0, 20) + "…" : t;
    }
}
