package dev.sidecars.common.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A private key with its certificate chain (leaf first) and the CA certificates that came with it
 * ({@code ca.crt}), already checked to belong together.
 */
public record TlsMaterial(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> authorities) {

    public TlsMaterial {
        chain = List.copyOf(chain);
        authorities = List.copyOf(authorities);
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    public String subject() {
        return leaf().getSubjectX500Principal().getName();
    }
}
