package dev.sidecars.common.tls;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM as Kubernetes TLS Secrets and cert-manager write it: certificate chains, CA bundles,
 * and private keys in PKCS#8, PKCS#1 (RSA) or SEC1 (EC) form. Errors say what was found instead.
 */
final class PemReader {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final String ENCRYPTED =
            "holds an encrypted private key; mount it unencrypted (the Secret is its protection) or use PKCS#12 with a password file";
    private static final String[] PKCS8_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"};

    private PemReader() {
    }

    record Block(String type, byte[] der) {
    }

    static List<Block> blocks(String pem) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the " + m.group(1) + " block is not valid base64");
            }
        }
        return blocks;
    }

    /** Every CERTIFICATE block, in order (leaf first for a chain). */
    public static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(pem)) {
                if (b.type().equals("CERTIFICATE")) {
                    certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("a CERTIFICATE block cannot be parsed: " + e.getMessage());
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("contains no PEM CERTIFICATE block");
        }
        return certs;
    }

    /** The one private key in the text. */
    public static PrivateKey privateKey(String pem) {
        List<Block> blocks = blocks(pem);
        byte[] curveOid = null;
        for (Block b : blocks) {
            if (b.type().equals("EC PARAMETERS")) {
                curveOid = b.der(); // `openssl ecparam -genkey` writes the curve before the key
            }
        }
        for (Block b : blocks) {
            switch (b.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(b.der());
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(Der.tlv(Der.SEQUENCE, new byte[] {Der.INTEGER, 1, 0},
                            Der.tlv(Der.SEQUENCE, Der.RSA_ENCRYPTION, new byte[] {Der.NULL, 0}),
                            Der.tlv(Der.OCTET_STRING, b.der())));
                }
                case "EC PRIVATE KEY" -> {
                    return pkcs8(sec1ToPkcs8(b.der(), curveOid));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(ENCRYPTED);
                default -> {
                    if (b.type().endsWith("PRIVATE KEY")) {
                        throw new IllegalArgumentException("holds a " + b.type() + ", which is not supported (expected PKCS#8, PKCS#1 RSA or SEC1 EC)");
                    }
                }
            }
        }
        if (pem.contains("Proc-Type: 4,ENCRYPTED")) {
            // `openssl genrsa -aes256` and friends: the headers keep the block from matching at all
            throw new IllegalArgumentException(ENCRYPTED);
        }
        throw new IllegalArgumentException("contains no PEM private key block (expected PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    private static byte[] sec1ToPkcs8(byte[] sec1, byte[] curveOidFromParameters) {
        byte[] curveOid = curveOidFromParameters;
        for (Der.Element e : Der.sequenceItems(sec1)) {
            if (e.tag() == 0xa0) { // [0] ECParameters: the named curve's OID
                curveOid = e.content();
            }
        }
        if (curveOid == null || curveOid.length == 0 || curveOid[0] != Der.OID) {
            throw new IllegalArgumentException("the EC PRIVATE KEY names no curve");
        }
        return Der.tlv(Der.SEQUENCE, new byte[] {Der.INTEGER, 1, 0},
                Der.tlv(Der.SEQUENCE, Der.EC_PUBLIC_KEY, curveOid),
                Der.tlv(Der.OCTET_STRING, sec1));
    }

    private static PrivateKey pkcs8(byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : PKCS8_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | IllegalArgumentException ignored) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("the private key cannot be parsed as RSA, EC or EdDSA");
    }
}
