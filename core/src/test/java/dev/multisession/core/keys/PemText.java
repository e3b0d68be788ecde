package dev.multisession.core.keys;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/** Writes keys made with {@code java.security} as PEM text, the way OpenSSL lays them out. */
final class PemText {
    private PemText() {
    }

    static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static KeyPair ecP256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static String privatePkcs8(KeyPair pair) {
        return block("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    static String publicSpki(KeyPair pair) {
        return block("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    /**
     * The algorithm-specific key inside a PKCS#8 PrivateKeyInfo (its {@code privateKey} OCTET STRING):
     * PKCS#1 RSAPrivateKey for RSA, SEC1 ECPrivateKey for EC.
     */
    static byte[] innerOfPkcs8(byte[] pkcs8) {
        int[] pos = {0};
        enter(pkcs8, pos, 0x30);          // PrivateKeyInfo SEQUENCE
        skip(pkcs8, pos, 0x02);           // version
        skip(pkcs8, pos, 0x30);           // AlgorithmIdentifier
        int length = enter(pkcs8, pos, 0x04); // privateKey OCTET STRING
        return Arrays.copyOfRange(pkcs8, pos[0], pos[0] + length);
    }

    /** The key inside an X.509 SubjectPublicKeyInfo (its BIT STRING): PKCS#1 RSAPublicKey for RSA. */
    static byte[] innerOfSpki(byte[] spki) {
        int[] pos = {0};
        enter(spki, pos, 0x30);              // SubjectPublicKeyInfo SEQUENCE
        skip(spki, pos, 0x30);               // AlgorithmIdentifier
        int length = enter(spki, pos, 0x03); // subjectPublicKey BIT STRING
        return Arrays.copyOfRange(spki, pos[0] + 1, pos[0] + length); // after the unused-bits byte
    }

    private static int enter(byte[] der, int[] pos, int tag) {
        if ((der[pos[0]++] & 0xFF) != tag) {
            throw new IllegalArgumentException("unexpected tag");
        }
        int length = der[pos[0]++] & 0xFF;
        if (length >= 0x80) {
            int bytes = length & 0x7F;
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[pos[0]++] & 0xFF);
            }
        }
        return length;
    }

    private static void skip(byte[] der, int[] pos, int tag) {
        int length = enter(der, pos, tag);
        pos[0] += length;
    }
}
