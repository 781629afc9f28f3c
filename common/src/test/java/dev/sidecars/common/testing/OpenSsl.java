package dev.sidecars.common.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Test helper: certificates and keys made per run by the real {@code openssl} CLI, in a directory
 * the test owns (a {@code @TempDir}); nothing is ever committed. Keys come in every encoding that
 * Kubernetes Secrets and cert-manager produce. Where openssl is missing the calling test is skipped,
 * except under {@code CI=true}, where it fails.
 */
public final class OpenSsl {

    /** How a private key is generated and encoded. */
    public enum KeyFormat {
        /** RSA 2048, {@code BEGIN PRIVATE KEY}. */
        RSA_PKCS8,
        /** RSA 2048, {@code BEGIN RSA PRIVATE KEY} ({@code openssl genrsa -traditional}). */
        RSA_PKCS1,
        /** P-256, {@code BEGIN PRIVATE KEY}. */
        EC_PKCS8,
        /** P-256, {@code BEGIN EC PRIVATE KEY} alone ({@code openssl ecparam -genkey -noout}). */
        EC_SEC1,
        /** P-256, {@code BEGIN EC PARAMETERS} then {@code BEGIN EC PRIVATE KEY} ({@code openssl ecparam -genkey}). */
        EC_SEC1_WITH_PARAMETERS,
        /** Ed25519, {@code BEGIN PRIVATE KEY}. */
        ED25519
    }

    /** A certificate file and its private key file. */
    public record Pair(Path cert, Path key) {

        /** A client context that trusts this certificate as its only CA (the JDK's defaults otherwise). */
        public javax.net.ssl.SSLContext trustingContext() throws Exception {
            return OpenSsl.trustingContext(Files.readAllBytes(cert));
        }
    }

    /** A client context that trusts only the CA certificate {@code caPem}, e.g. a Secret's {@code ca.crt}. */
    public static javax.net.ssl.SSLContext trustingContext(byte[] caPem) throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(caPem)));
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Path binary;

    public OpenSsl(Path dir) {
        this.dir = dir;
        this.binary = binary();
    }

    public Path dir() {
        return dir;
    }

    /** The openssl binary on the {@code PATH}; skips the test (fails under {@code CI=true}) when there is none. */
    public static Path binary() {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of("/usr/bin", "/usr/local/bin"));
        if (path != null) {
            dirs.addAll(0, List.of(path.split(":")));
        }
        for (String d : dirs) {
            Path candidate = Path.of(d.isEmpty() ? "." : d, "openssl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = "openssl not found on the PATH (install the Debian package `openssl`)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + "; CI=true, so this test must not be skipped");
        }
        Assumptions.abort(message + "; skipping");
        throw new AssertionError("not reached");
    }

    /** Runs openssl in the directory and returns its output; fails the test with the output on a non-zero exit. */
    public String run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 60 s");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                fail(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** A new private key in {@code <name>.key}. */
    public Path key(String name, KeyFormat format) {
        String file = name + ".key";
        switch (format) {
            case RSA_PKCS8 -> run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", file);
            case RSA_PKCS1 -> run("genrsa", "-traditional", "-out", file, "2048");
            case EC_PKCS8 -> run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", file);
            case EC_SEC1 -> run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", file);
            case EC_SEC1_WITH_PARAMETERS -> run("ecparam", "-name", "prime256v1", "-genkey", "-out", file);
            case ED25519 -> run("genpkey", "-algorithm", "ed25519", "-out", file);
        }
        return dir.resolve(file);
    }

    /** A self-signed CA (P-256) named {@code CN=<name>}, valid for 10 days. */
    public Pair ca(String name) {
        Path key = key(name, KeyFormat.EC_PKCS8);
        String cert = name + ".crt";
        run("req", "-x509", "-new", "-key", key.getFileName().toString(), "-subj", "/CN=" + name, "-days", "10",
                "-set_serial", serial(),
                "-addext", "basicConstraints=critical,CA:true", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-out", cert);
        return new Pair(dir.resolve(cert), key);
    }

    /** A server certificate {@code CN=<name>} for localhost and 127.0.0.1 signed by the CA, valid for 2 days. */
    public Pair leaf(Pair ca, String name, KeyFormat format) {
        return leaf(ca, name, format, "DNS:localhost", "IP:127.0.0.1");
    }

    /** A certificate {@code CN=<name>} with the given subject alternative names, e.g. {@code DNS:a.example}. */
    public Pair leaf(Pair ca, String name, KeyFormat format, String... subjectAltNames) {
        Path key = key(name, format);
        String csr = csr(name, key);
        Path ext = write(name + ".ext", "basicConstraints=critical,CA:false\n"
                + "keyUsage=critical,digitalSignature" + (format.name().startsWith("RSA") ? ",keyEncipherment" : "") + "\n"
                + "extendedKeyUsage=serverAuth,clientAuth\n"
                + (subjectAltNames.length == 0 ? "" : "subjectAltName=" + String.join(",", subjectAltNames) + "\n"));
        String cert = name + ".crt";
        run("x509", "-req", "-in", csr, "-CA", ca.cert().toString(), "-CAkey", ca.key().toString(),
                "-set_serial", serial(), "-days", "2", "-sha256", "-extfile", ext.getFileName().toString(), "-out", cert);
        return new Pair(dir.resolve(cert), key);
    }

    /** A certificate signed by the CA that was valid only on 2020-01-01 (made with {@code openssl ca}, no clock tricks). */
    public Pair expiredLeaf(Pair ca, String name) {
        Path key = key(name, KeyFormat.EC_PKCS8);
        String csr = csr(name, key);
        Path db = write(name + ".index.txt", "");
        write(name + ".serial", serial().substring(2) + "\n");
        Path config = write(name + ".ca.cnf", """
                [ ca ]
                default_ca = test_ca
                [ test_ca ]
                database = %s
                new_certs_dir = .
                serial = %s
                default_md = sha256
                policy = any
                unique_subject = no
                copy_extensions = none
                [ any ]
                commonName = supplied
                """.formatted(db.getFileName(), name + ".serial"));
        String cert = name + ".crt";
        run("ca", "-config", config.getFileName().toString(), "-batch", "-notext", "-cert", ca.cert().toString(),
                "-keyfile", ca.key().toString(), "-in", csr, "-startdate", "20200101000000Z",
                "-enddate", "20200102000000Z", "-out", cert);
        return new Pair(dir.resolve(cert), key);
    }

    /** A PKCS#12 keystore holding the pair and the CA certificate, protected by the password. */
    public Path pkcs12(Pair leaf, Pair ca, String password) {
        String file = leaf.cert().getFileName().toString().replaceFirst("\\.crt$", "") + ".p12";
        run("pkcs12", "-export", "-in", leaf.cert().toString(), "-inkey", leaf.key().toString(),
                "-certfile", ca.cert().toString(), "-name", "server", "-passout", "pass:" + password, "-out", file);
        return dir.resolve(file);
    }

    /** The key as password-protected PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}). */
    public Path encryptedPkcs8(Path key, String password) {
        String file = key.getFileName().toString().replaceFirst("\\.key$", "") + ".enc.key";
        run("pkcs8", "-topk8", "-in", key.toString(), "-passout", "pass:" + password, "-out", file);
        return dir.resolve(file);
    }

    /** The RSA key as password-protected traditional PEM ({@code Proc-Type: 4,ENCRYPTED} headers). */
    public Path encryptedTraditionalRsa(Path key, String password) {
        String file = key.getFileName().toString().replaceFirst("\\.key$", "") + ".enc1.key";
        run("rsa", "-in", key.toString(), "-traditional", "-aes256", "-passout", "pass:" + password, "-out", file);
        return dir.resolve(file);
    }

    /** The files' contents concatenated (a chain, a bundle). */
    public Path concat(String name, Path... files) {
        StringBuilder sb = new StringBuilder();
        for (Path f : files) {
            sb.append(read(f));
        }
        return write(name, sb.toString());
    }

    public Path write(String name, String content) {
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private String csr(String name, Path key) {
        String csr = name + ".csr";
        run("req", "-new", "-key", key.getFileName().toString(), "-subj", "/CN=" + name, "-out", csr);
        return csr;
    }

    /** A random positive 127-bit serial, as CAs use. */
    private static String serial() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        bytes[0] &= 0x7f;
        bytes[0] |= 0x10;
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}
