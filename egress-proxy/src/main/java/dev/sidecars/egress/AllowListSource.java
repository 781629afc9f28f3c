package dev.sidecars.egress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.sidecars.common.StartupException;
import dev.sidecars.common.log.Log;
import dev.sidecars.common.tls.Reloader;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The policy in force: the environment's allow-list plus, when {@code EGRESS_ALLOW_FILE} is set,
 * the mounted file's, reloaded on change. A broken file keeps the previous list (fail closed, never
 * open), which the common reloader reports as stale.
 */
final class AllowListSource implements AutoCloseable {

    private static final Log log = Log.get(AllowListSource.class);
    private static final Duration POLL = Duration.ofSeconds(5);

    private final AtomicReference<EgressPolicy> current = new AtomicReference<>();
    private final Reloader<AllowList> reloader;

    AllowListSource(EgressConfig config, MeterRegistry registry) {
        Path file = config.allowFile();
        if (file == null) {
            reloader = null;
            current.set(config.policy(AllowList.empty()));
            return;
        }
        reloader = new Reloader<>("egress-allow-list", List.of(file), () -> read(file), POLL, registry);
        AllowList first;
        try {
            first = reloader.start();
        } catch (IllegalArgumentException e) {
            throw new StartupException(EgressConfig.ALLOW_FILE.name() + ": " + file + ": " + e.getMessage());
        }
        current.set(config.policy(first));
        log.info("allow-list file loaded", "file", file.toString(), "entries", first.size());
        reloader.onReload(list -> {
            current.set(config.policy(list));
            log.info("allow-list file reloaded", "file", file.toString(), "entries", list.size());
        });
    }

    EgressPolicy policy() {
        return current.get();
    }

    private static AllowList read(Path file) {
        try {
            return AllowList.parseFile(Files.readString(file));
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read it: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (reloader != null) {
            reloader.close();
        }
    }
}
