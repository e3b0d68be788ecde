package dev.multisession.core.keys;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads RSA and EC (P-256) keys from PEM text with the JDK alone; Nimbus's own PEM parser
 * needs BouncyCastle, which multisession does not depend on.
 *
 * <p>Understood blocks: {@code PRIVATE KEY} (PKCS#8), {@code RSA PRIVATE KEY} (PKCS#1),
 * {@code EC PRIVATE KEY} (SEC1), {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo),
 * {@code RSA PUBLIC KEY} (PKCS#1) and {@code CERTIFICATE}; {@code EC PARAMETERS} is skipped.
 * An RSA private key brings its public half; an EC private key needs a {@code PUBLIC KEY} block
 * beside it unless its encoding carries the public point. A private and a public key given
 * together must be one pair. Failures are {@link IllegalArgumentException}s whose message never
 * contains key material.
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final byte[] OID_RSA = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01};
    private static final byte[] OID_EC = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};
    private static final byte[] OID_P256 = {0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x03, 0x01, 0x07};
    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int BIT_STRING = 0x03;
    private static final int OCTET_STRING = 0x04;
    private static final int NULL = 0x05;
    private static final int OID = 0x06;

    private Pem() {
    }

    /** The key in {@code pem}: a private RSA/EC key with its public half, or a public key alone. */
    static JWK parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("no PEM text");
        }
        PrivateKey privateKey = null;
        PublicKey publicKey = null;
        byte[] embeddedEcPoint = null;
        Matcher m = BLOCK.matcher(pem);
        int blocks = 0;
        while (m.find()) {
            blocks++;
            String type = m.group(1).trim();
            String body = m.group(2);
            if (body.contains(":")) {
                throw new IllegalArgumentException("the " + type + " block has headers (an encrypted legacy key?); "
                        + "decrypt it first, e.g. 'openssl pkey -in key.pem -out plain.pem'");
            }
            byte[] der = decode(body, type);
            switch (type) {
                case "PRIVATE KEY" -> {
                    privateKey = only(privateKey, privatePkcs8(der), "private key");
                    embeddedEcPoint = privateKey instanceof ECPrivateKey ? ecPointInPkcs8(der) : null;
                }
                case "RSA PRIVATE KEY" -> privateKey = only(privateKey, privatePkcs8(wrapRsaPrivate(der)), "private key");
                case "EC PRIVATE KEY" -> {
                    privateKey = only(privateKey, privatePkcs8(wrapEcPrivate(der)), "private key");
                    embeddedEcPoint = ecPointInSec1(der);
                }
                case "PUBLIC KEY" -> publicKey = only(publicKey, publicSpki(der), "public key");
                case "RSA PUBLIC KEY" -> publicKey = only(publicKey, publicSpki(wrapRsaPublic(der)), "public key");
                case "CERTIFICATE" -> publicKey = only(publicKey, certificateKey(der), "public key");
                case "EC PARAMETERS" -> {
                    // written by 'openssl ecparam -genkey' before the key; the key names its curve itself
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException("the private key is encrypted; "
                        + "decrypt it first, e.g. 'openssl pkey -in key.pem -out plain.pem'");
                default -> throw new IllegalArgumentException("a '" + type + "' block is not a key this library reads");
            }
        }
        if (blocks == 0) {
            throw new IllegalArgumentException("no '-----BEGIN ...-----' block found");
        }
        if (privateKey == null && publicKey == null) {
            throw new IllegalArgumentException("no key found");
        }
        if (privateKey != null && publicKey == null) {
            publicKey = publicOf(privateKey, embeddedEcPoint);
        }
        if (privateKey != null) {
            requirePair(privateKey, publicKey);
        }
        return toJwk(publicKey, privateKey);
    }

    private static <T> T only(T existing, T next, String what) {
        if (existing != null) {
            throw new IllegalArgumentException("more than one " + what + "; give exactly one key pair");
        }
        return next;
    }

    private static byte[] decode(String body, String type) {
        try {
            return Base64.getMimeDecoder().decode(body.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + type + " block is not valid base64");
        }
    }

    private static PrivateKey privatePkcs8(byte[] der) {
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("the private key is neither RSA nor EC (Ed25519 keys go in a JWK set)");
    }

    private static PublicKey publicSpki(byte[] der) {
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("the public key is neither RSA nor EC");
    }

    private static PublicKey certificateKey(byte[] der) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("the CERTIFICATE block is not a readable X.509 certificate");
        }
    }

    private static PublicKey publicOf(PrivateKey privateKey, byte[] ecPoint) {
        try {
            if (privateKey instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (privateKey instanceof ECPrivateKey ec && ecPoint != null) {
                int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
                if (ecPoint.length != 1 + 2 * size || ecPoint[0] != 0x04) {
                    throw new IllegalArgumentException("the EC public point is not in uncompressed form; "
                            + "add the '-----BEGIN PUBLIC KEY-----' block");
                }
                BigInteger x = new BigInteger(1, Arrays.copyOfRange(ecPoint, 1, 1 + size));
                BigInteger y = new BigInteger(1, Arrays.copyOfRange(ecPoint, 1 + size, ecPoint.length));
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), ec.getParams()));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the public half of the private key cannot be derived");
        }
        throw new IllegalArgumentException("the public half of the private key is missing; "
                + "add the '-----BEGIN PUBLIC KEY-----' block (openssl pkey -in key.pem -pubout)");
    }

    private static void requirePair(PrivateKey privateKey, PublicKey publicKey) {
        if (privateKey instanceof RSAPrivateKey rsa && publicKey instanceof RSAPublicKey pub) {
            if (!rsa.getModulus().equals(pub.getModulus())) {
                throw new IllegalArgumentException("the private and the public key are not one pair");
            }
            return;
        }
        if (privateKey instanceof ECPrivateKey && publicKey instanceof ECPublicKey) {
            try {
                byte[] probe = "multisession key pair check".getBytes(StandardCharsets.US_ASCII);
                Signature signer = Signature.getInstance("SHA256withECDSA");
                signer.initSign(privateKey);
                signer.update(probe);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance("SHA256withECDSA");
                verifier.initVerify(publicKey);
                verifier.update(probe);
                if (verifier.verify(signature)) {
                    return;
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                // not a pair
            }
        }
        throw new IllegalArgumentException("the private and the public key are not one pair");
    }

    private static JWK toJwk(PublicKey publicKey, PrivateKey privateKey) {
        if (publicKey instanceof RSAPublicKey rsa) {
            RSAKey.Builder b = new RSAKey.Builder(rsa);
            if (privateKey != null) {
                b.privateKey(privateKey);
            }
            return b.build();
        }
        if (publicKey instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (curve == null) {
                throw new IllegalArgumentException("the EC key is on a curve this library does not know; use P-256");
            }
            ECKey.Builder b = new ECKey.Builder(curve, ec);
            if (privateKey != null) {
                b.privateKey(privateKey);
            }
            return b.build();
        }
        throw new IllegalArgumentException("the key is neither RSA nor EC");
    }

    // --- minimal DER, for the three ASN.1 structures the JDK does not read itself ---

    /** PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo. */
    private static byte[] wrapRsaPrivate(byte[] pkcs1) {
        return tlv(SEQUENCE, concat(tlv(INTEGER, new byte[] {0}), tlv(SEQUENCE, concat(OID_RSA, tlv(NULL, new byte[0]))),
                tlv(OCTET_STRING, pkcs1)));
    }

    /** PKCS#1 RSAPublicKey inside an X.509 SubjectPublicKeyInfo. */
    private static byte[] wrapRsaPublic(byte[] pkcs1) {
        return tlv(SEQUENCE, concat(tlv(SEQUENCE, concat(OID_RSA, tlv(NULL, new byte[0]))),
                tlv(BIT_STRING, concat(new byte[] {0}, pkcs1))));
    }

    /** SEC1 ECPrivateKey inside a PKCS#8 PrivateKeyInfo, with the curve it names (P-256 when it names none). */
    private static byte[] wrapEcPrivate(byte[] sec1) {
        byte[] curve = OID_P256;
        for (Tlv field : Tlv.read(sec1, 0, sec1.length).single(SEQUENCE).children()) {
            if (field.tag == 0xA0) {
                Tlv oid = field.children().get(0);
                if (oid.tag != OID) {
                    throw new IllegalArgumentException("the EC key uses explicit curve parameters; use a named curve (P-256)");
                }
                curve = oid.encoded();
            }
        }
        return tlv(SEQUENCE, concat(tlv(INTEGER, new byte[] {0}), tlv(SEQUENCE, concat(OID_EC, curve)),
                tlv(OCTET_STRING, sec1)));
    }

    /** The public point a SEC1 ECPrivateKey may carry in its {@code [1]} field, or null. */
    private static byte[] ecPointInSec1(byte[] sec1) {
        try {
            for (Tlv field : Tlv.read(sec1, 0, sec1.length).single(SEQUENCE).children()) {
                if (field.tag == 0xA1) {
                    Tlv bits = field.children().get(0);
                    if (bits.tag == BIT_STRING && bits.length > 1) {
                        return Arrays.copyOfRange(bits.buffer, bits.offset + 1, bits.offset + bits.length);
                    }
                }
            }
        } catch (RuntimeException e) {
            // no usable point; the caller asks for a PUBLIC KEY block
        }
        return null;
    }

    /** The public point inside the ECPrivateKey of a PKCS#8 PrivateKeyInfo, or null. */
    private static byte[] ecPointInPkcs8(byte[] pkcs8) {
        try {
            for (Tlv field : Tlv.read(pkcs8, 0, pkcs8.length).single(SEQUENCE).children()) {
                if (field.tag == OCTET_STRING) {
                    return ecPointInSec1(Arrays.copyOfRange(field.buffer, field.offset, field.offset + field.length));
                }
            }
        } catch (RuntimeException e) {
            // no usable point
        }
        return null;
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            byte[] len = BigInteger.valueOf(n).toByteArray();
            int start = len[0] == 0 ? 1 : 0;
            out.write(0x80 | (len.length - start));
            out.write(len, start, len.length - start);
        }
        out.write(content, 0, content.length);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    /** One DER element: tag, and where its content lies in the buffer. */
    private record Tlv(int tag, byte[] buffer, int offset, int length, int headerStart) {

        /** The elements in {@code buffer[from, to)}. */
        static Tlv read(byte[] buffer, int from, int to) {
            return new Tlv(-1, buffer, from, to - from, from);
        }

        /** This range holds exactly one element with {@code tag}: that element. */
        Tlv single(int expectedTag) {
            List<Tlv> all = elements();
            if (all.size() != 1 || all.get(0).tag != expectedTag) {
                throw new IllegalArgumentException("unexpected DER structure");
            }
            return all.get(0);
        }

        List<Tlv> children() {
            return elements();
        }

        byte[] encoded() {
            return Arrays.copyOfRange(buffer, headerStart, offset + length);
        }

        private List<Tlv> elements() {
            List<Tlv> out = new ArrayList<>();
            int pos = offset;
            int end = offset + length;
            while (pos < end) {
                int start = pos;
                int tag = buffer[pos++] & 0xFF;
                if (pos >= end) {
                    throw new IllegalArgumentException("truncated DER");
                }
                int len = buffer[pos++] & 0xFF;
                if (len >= 0x80) {
                    int bytes = len & 0x7F;
                    if (bytes == 0 || bytes > 3 || pos + bytes > end) {
                        throw new IllegalArgumentException("unsupported DER length");
                    }
                    len = 0;
                    for (int i = 0; i < bytes; i++) {
                        len = (len << 8) | (buffer[pos++] & 0xFF);
                    }
                }
                if (len > end - pos) {
                    throw new IllegalArgumentException("truncated DER");
                }
                out.add(new Tlv(tag, buffer, pos, len, start));
                pos += len;
            }
            return out;
        }
    }
}
