package dev.sidecars.common.tls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where a certificate and key come from; each variant knows which files to watch for reload. */
public sealed interface TlsSource {

    /** The files whose content makes up the material; a change to any of them triggers a reload. */
    List<Path> files();

    /** A mounted {@code kubernetes.io/tls} Secret: {@code tls.crt}, {@code tls.key} and, if present, {@code ca.crt}. */
    record SecretDirectory(Path dir) implements TlsSource {
        public Path cert() {
            return dir.resolve("tls.crt");
        }

        public Path key() {
            return dir.resolve("tls.key");
        }

        public Path ca() {
            return dir.resolve("ca.crt");
        }

        @Override
        public List<Path> files() {
            return List.of(cert(), key(), ca());
        }
    }

    /** Explicit PEM files; {@code ca} may be null. */
    record PemFiles(Path cert, Path key, Path ca) implements TlsSource {
        @Override
        public List<Path> files() {
            List<Path> files = new ArrayList<>(List.of(cert, key));
            if (ca != null) {
                files.add(ca);
            }
            return files;
        }
    }

    /** A PKCS#12 keystore; the password is read from a file (a mounted Secret), or empty when null. */
    record Pkcs12(Path keystore, Path passwordFile) implements TlsSource {
        @Override
        public List<Path> files() {
            return passwordFile == null ? List.of(keystore) : List.of(keystore, passwordFile);
        }
    }
}
