package dev.sidecars.common.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Loads and checks {@link TlsMaterial}. Every failure is an {@link IllegalArgumentException} whose
 * message names the file and the problem: a missing file, a file without a key, a key that does
 * not belong to the certificate, an expired certificate.
 */
public final class TlsMaterialLoader {

    private final Clock clock;

    public TlsMaterialLoader(Clock clock) {
        this.clock = clock;
    }

    public TlsMaterial load(TlsSource source) {
        TlsMaterial material = switch (source) {
            case TlsSource.SecretDirectory d -> fromPem(d.cert(), d.key(), Files.exists(d.ca()) ? d.ca() : null);
            case TlsSource.PemFiles f -> fromPem(f.cert(), f.key(), f.ca());
            case TlsSource.Pkcs12 p -> fromPkcs12(p.keystore(), p.passwordFile());
        };
        check(material);
        return material;
    }

    /** A CA bundle: every certificate in the file. */
    public static List<X509Certificate> loadAuthorities(Path file) {
        String pem = read(file); // its errors already name the file
        try {
            return PemReader.certificates(pem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " " + e.getMessage());
        }
    }

    private static TlsMaterial fromPem(Path certFile, Path keyFile, Path caFile) {
        List<X509Certificate> chain;
        PrivateKey key;
        String certPem = read(certFile); // its errors already name the file
        String keyPem = read(keyFile);
        try {
            chain = PemReader.certificates(certPem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(certFile + " " + e.getMessage());
        }
        try {
            key = PemReader.privateKey(keyPem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(keyFile + " " + e.getMessage());
        }
        List<X509Certificate> authorities = caFile == null ? List.of() : loadAuthorities(caFile);
        return new TlsMaterial(key, chain, authorities);
    }

    private static TlsMaterial fromPkcs12(Path keystore, Path passwordFile) {
        char[] password = passwordFile == null ? new char[0] : read(passwordFile).strip().toCharArray();
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    Key key = ks.getKey(alias, password);
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate c : ks.getCertificateChain(alias)) {
                        chain.add((X509Certificate) c);
                    }
                    return new TlsMaterial((PrivateKey) key, chain, List.of());
                }
            }
            throw new IllegalArgumentException(keystore + " holds no private key entry");
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(keystore + " does not exist");
        } catch (IOException e) {
            // The JDK reports a wrong password as an IOException caused by an UnrecoverableKeyException.
            throw new IllegalArgumentException(keystore + " cannot be read as PKCS#12 (wrong password or not a PKCS#12 file): " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(keystore + " cannot be read as PKCS#12: " + e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private void check(TlsMaterial material) {
        X509Certificate leaf = material.leaf();
        if (!keyMatches(material.key(), leaf.getPublicKey())) {
            throw new IllegalArgumentException("the private key does not belong to the certificate " + material.subject());
        }
        Instant now = clock.instant();
        if (material.notAfter().isBefore(now)) {
            throw new IllegalArgumentException("the certificate " + material.subject() + " expired at " + material.notAfter());
        }
    }

    /** Proves the pair by signing and verifying, which works for every key type without comparing encodings. */
    static boolean keyMatches(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                signer.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            }
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            signer.initVerify(publicKey);
            signer.update(challenge);
            return signer.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " cannot be read: " + e.getMessage());
        }
    }
}
