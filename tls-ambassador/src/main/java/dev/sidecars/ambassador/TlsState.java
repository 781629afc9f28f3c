package dev.sidecars.ambassador;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.sidecars.common.CertificateMetrics;
import dev.sidecars.common.Reloader;
import dev.sidecars.common.StartupException;
import dev.sidecars.common.TlsMaterial;
import dev.sidecars.common.TlsMaterialLoader;
import dev.sidecars.common.TlsSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;

/**
 * The SSL context in service. Certificate, key and CA files are watched by {@link Reloader}; a change
 * builds a whole new context, which new connections get, while open ones keep theirs. A broken change
 * keeps the old context (the reloader logs and counts it).
 */
final class TlsState implements AutoCloseable {

    /** What one load produced: the material (for expiry metrics) and the context built from it. */
    record Loaded(TlsMaterial material, SslContext context) {
    }

    static final Duration POLL = Duration.ofSeconds(10);

    private final Reloader<Loaded> reloader;
    private final SslContext fixed;

    private TlsState(Reloader<Loaded> reloader, SslContext fixed) {
        this.reloader = reloader;
        this.fixed = fixed;
    }

    static TlsState start(AmbassadorConfig config, SslProvider provider, MeterRegistry registry) {
        TlsMaterialLoader loader = new TlsMaterialLoader(Clock.systemUTC());
        TlsSource source = config.tls();
        boolean server = config.mode() == AmbassadorConfig.Mode.SERVER;
        Path authorities = server ? config.clientCaFile() : config.caFile();
        List<Path> files = new ArrayList<>(source == null ? List.of() : source.files());
        if (authorities != null) {
            files.add(authorities);
        }
        Reloader.Loader<Loaded> load = () -> {
            TlsMaterial material = source == null ? null : loader.load(source);
            List<X509Certificate> cas = authorities == null ? null : TlsMaterialLoader.loadAuthorities(authorities);
            SslContext context = server
                    ? TlsContexts.server(config, provider, material, cas)
                    : TlsContexts.client(config, provider, material, cas);
            return new Loaded(material, context);
        };
        try {
            if (files.isEmpty()) {
                return new TlsState(null, load.load().context()); // client mode, system trust, no client certificate
            }
            Reloader<Loaded> reloader = new Reloader<>(server ? "server-tls" : "client-tls", files, load, POLL, registry);
            Loaded first = reloader.start();
            if (first.material() != null) {
                CertificateMetrics.register(registry, server ? "server" : "client", () -> reloader.current().material());
            }
            return new TlsState(reloader, null);
        } catch (IllegalArgumentException e) {
            throw new StartupException("cannot load the TLS material: " + e.getMessage());
        }
    }

    SslContext context() {
        return reloader == null ? fixed : reloader.current().context();
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
