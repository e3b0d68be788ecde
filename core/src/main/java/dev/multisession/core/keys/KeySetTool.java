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
 * java -cp ... dev.multisession.core.keys.KeySetTool rotate keys.json
 * }</pre>
 *
 * <ul>
 * <li>{@code generate FILE [ALGORITHM]}: a new set with one private key (default RS256, 2048
 *     bits; the {@code kid} is the key's thumbprint). Refuses to overwrite a file.</li>
 * <li>{@code rotate FILE}: adds a new private key of the same algorithm, which signs from now
 *     on, and keeps the earlier keys as public keys only, so tokens they signed still verify
 *     until they expire (one token lifetime). Remove the old public keys after that.</li>
 * </ul>
 */
public final class KeySetTool {
    private static final Set<String> ALGORITHMS = Set.of("RS256", "PS256", "ES256");
    private static final String USAGE = String.join("\n",
            "usage: KeySetTool generate FILE [RS256|PS256|ES256]   write a new JWK set with one signing key",
            "       KeySetTool rotate FILE                          add a new signing key; older keys only verify");

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
            if (args.length == 2 && args[0].equals("rotate")) {
                return rotate(Path.of(args[1]), out, err);
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
        JWKSet set;
        try {
            set = JWKSet.parse(Files.readString(file));
        } catch (NoSuchFileException e) {
            err.println("KeySetTool: " + file + " does not exist; create it with generate");
            return 1;
        } catch (ParseException e) {
            err.println("KeySetTool: " + file + " is not a JWK set (JSON with a \"keys\" array); nothing changed");
            return 1;
        }
        List<JWK> signing = set.getKeys().stream().filter(JWK::isPrivate).toList();
        if (signing.size() != 1) {
            err.println("KeySetTool: " + file + " holds " + signing.size() + " private keys; rotate needs exactly one"
                    + " (the current signing key); nothing changed");
            return 1;
        }
        Algorithm current = signing.get(0).getAlgorithm();
        if (current == null || !ALGORITHMS.contains(current.getName())) {
            err.println("KeySetTool: the signing key of " + file + " names no algorithm rotate can renew (\"alg\" is "
                    + (current == null ? "missing" : current.getName()) + "); write a new set with generate");
            return 1;
        }
        JWK fresh = SigningKeys.generate(JWSAlgorithm.parse(current.getName())).privateActiveKey();
        List<JWK> keys = new ArrayList<>();
        keys.add(fresh);
        for (JWK k : set.getKeys()) {
            keys.add(k.toPublicJWK());
        }
        write(file, new JWKSet(keys), true);
        out.println("rotated " + file + ": kid " + fresh.getKeyID() + " signs from now on; kid "
                + signing.get(0).getKeyID() + " and " + (keys.size() - 2) + " older key(s) only verify");
        out.println("copy the file to every node and restart them; remove the old public keys after one token lifetime");
        return 0;
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
