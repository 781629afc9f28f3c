package dev.sidecars.ambassador;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.sidecars.common.StartupException;
import dev.sidecars.common.tls.CertificateMetrics;
import dev.sidecars.common.tls.Reloader;
import dev.sidecars.common.tls.TlsMaterial;
import dev.sidecars.common.tls.TlsMaterialLoader;
import dev.sidecars.common.tls.TlsSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;

/**
 * The SSL context in service. Certificate, key and CA files are watched by {@link Reloader}; a change
 * builds a whole new context, which new connections get, while open ones keep theirs. A broken change
 * keeps the old context (the reloader logs and counts it).
 */
final class TlsState implements AutoCloseable {

    /**
     * What one load produced: the default material (for expiry metrics) and the context built from it,
     * and, with {@code AMBASSADOR_TLS_SNI_DIRS}, each SNI directory's material and the SNI choice.
     */
    record Loaded(TlsMaterial material, SslContext context, List<TlsMaterial> sniMaterial,
                  SniCertificates<SslContext> sni) {
    }

    static final Duration POLL = Duration.ofSeconds(10);

    private final Reloader<Loaded> reloader;
    private final SslContext fixed;
    private final boolean sni;

    private TlsState(Reloader<Loaded> reloader, SslContext fixed, boolean sni) {
        this.reloader = reloader;
        this.fixed = fixed;
        this.sni = sni;
    }

    static TlsState start(AmbassadorConfig config, SslProvider provider, MeterRegistry registry) {
        TlsMaterialLoader loader = new TlsMaterialLoader(Clock.systemUTC());
        TlsSource source = config.tls();
        boolean server = config.mode() == AmbassadorConfig.Mode.SERVER;
        Path authorities = server ? config.clientCaFile() : config.caFile();
        List<TlsSource.SecretDirectory> sniDirs = config.sniDirs().stream().map(TlsSource.SecretDirectory::new).toList();
        // One reloader over every file: a change anywhere rebuilds the whole set, and a broken file
        // anywhere keeps the whole old set (fail closed, as with one certificate).
        List<Path> files = new ArrayList<>(source == null ? List.of() : source.files());
        sniDirs.forEach(d -> files.addAll(d.files()));
        if (authorities != null) {
            files.add(authorities);
        }
        Reloader.Loader<Loaded> load = () -> {
            List<X509Certificate> cas = authorities == null ? null : TlsMaterialLoader.loadAuthorities(authorities);
            List<TlsMaterial> sniMaterial = new ArrayList<>();
            List<SniCertificates.Entry<SslContext>> entries = new ArrayList<>();
            for (TlsSource.SecretDirectory dir : sniDirs) {
                TlsMaterial m = loader.load(dir);
                List<String> names = SniCertificates.dnsNames(m.leaf());
                if (names.isEmpty()) {
                    throw new IllegalArgumentException(dir.cert() + ": the certificate has no DNS subject alternative name to match SNI against");
                }
                sniMaterial.add(m);
                entries.add(new SniCertificates.Entry<>(names,
                        TlsContexts.server(config, provider, m, cas)));
            }
            TlsMaterial material = source == null ? (sniMaterial.isEmpty() ? null : sniMaterial.getFirst()) : loader.load(source);
            SslContext context;
            if (source == null && !entries.isEmpty()) {
                context = entries.getFirst().value(); // no separate default: the first SNI certificate is it
            } else {
                context = server ? TlsContexts.server(config, provider, material, cas) : TlsContexts.client(config, provider, material, cas);
            }
            return new Loaded(material, context, sniMaterial, entries.isEmpty() ? null : new SniCertificates<>(context, entries));
        };
        try {
            if (files.isEmpty()) {
                return new TlsState(null, load.load().context(), false); // client mode, system trust, no client certificate
            }
            Reloader<Loaded> reloader = new Reloader<>(server ? "server-tls" : "client-tls", files, load, POLL, registry);
            Loaded first = reloader.start();
            if (first.material() != null) {
                CertificateMetrics.register(registry, server ? "server" : "client", () -> reloader.current().material());
            }
            for (int i = 0; i < sniDirs.size(); i++) {
                int index = i;
                CertificateMetrics.register(registry, "sni:" + sniDirs.get(i).dir(), () -> reloader.current().sniMaterial().get(index));
            }
            return new TlsState(reloader, null, !sniDirs.isEmpty());
        } catch (IllegalArgumentException e) {
            throw new StartupException("cannot load the TLS material: " + e.getMessage());
        }
    }

    /** The default context: for every connection without SNI directories, else for no or unknown SNI. */
    SslContext context() {
        return reloader == null ? fixed : reloader.current().context();
    }

    /** Whether certificates are chosen by SNI ({@code AMBASSADOR_TLS_SNI_DIRS}). */
    boolean sni() {
        return sni;
    }

    /** The context for a client's SNI name, from the set in service now. */
    SniCertificates.Choice<SslContext> select(String serverName) {
        return reloader.current().sni().select(serverName);
    }

    /** Checks the files now instead of waiting for the watch; tests use it. */
    boolean reloadNow() {
        return reloader != null && reloader.checkNow();
    }

    @Override
    public void close() {
        if (reloader != null) {
            reloader.close();
        }
    }
}
