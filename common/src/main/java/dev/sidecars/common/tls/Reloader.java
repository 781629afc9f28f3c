package dev.sidecars.common.tls;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.sidecars.common.env.ValueTypes;
import dev.sidecars.common.log.Log;
import dev.sidecars.common.log.Reasons;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Keeps a value loaded from files current without a restart, and fails closed: when the new files
 * do not load (a broken or mismatched pair, a half-written file), the previous value stays in
 * service and the failure is logged and counted.
 *
 * <p>Watches the files' <em>directories</em>, not the files: Kubernetes updates a mounted Secret
 * by swapping a {@code ..data} symlink, which no watch on the old file would see. A poll at
 * {@code pollInterval} backs up the watch (inotify events can be lost, and some volumes have none).
 * A reload is attempted only when the files' content changed since the last attempt.
 */
public final class Reloader<T> implements AutoCloseable {

    /** Loads the value; throws {@link IllegalArgumentException} with a readable reason. */
    @FunctionalInterface
    public interface Loader<T> {
        T load();
    }

    private static final Log log = Log.get(Reloader.class);
    private static final Duration SETTLE = Duration.ofMillis(50);

    private final String name;
    private final List<Path> files;
    private final Loader<T> loader;
    private final Duration pollInterval;
    private final Counter successes;
    private final Counter failures;
    private final List<Consumer<T>> listeners = new CopyOnWriteArrayList<>();
    private volatile T current;
    private volatile byte[] attemptedFingerprint;
    private volatile boolean stale;
    private WatchService watchService;
    private Thread watcher;

    public Reloader(String name, List<Path> files, Loader<T> loader, Duration pollInterval, MeterRegistry registry) {
        this.name = name;
        this.files = List.copyOf(files);
        this.loader = loader;
        this.pollInterval = pollInterval;
        this.successes = Counter.builder("sidecar.reloads").tag("name", name).tag("result", "success")
                .description("Reloads of files watched for changes, by outcome").register(registry);
        this.failures = Counter.builder("sidecar.reloads").tag("name", name).tag("result", "failure")
                .description("Reloads of files watched for changes, by outcome").register(registry);
        Gauge.builder("sidecar.reload.stale", () -> stale ? 1 : 0).tag("name", name)
                .description("1 while the files on disk failed to load and the previous version is still in use")
                .register(registry);
    }

    /** Loads the first value (a failure here is thrown: there is nothing older to keep) and starts watching. */
    public T start() {
        attemptedFingerprint = fingerprint();
        current = loader.load();
        watchService = newWatchService();
        watcher = Thread.ofPlatform().daemon().name("reloader-" + name).start(this::watchLoop);
        return current;
    }

    public T current() {
        return current;
    }

    /** Called with each newly loaded value, on the watcher thread. */
    public void onReload(Consumer<T> listener) {
        listeners.add(listener);
    }

    /** Reloads if the files changed since the last attempt. Returns true when a new value took effect. */
    public synchronized boolean checkNow() {
        byte[] fingerprint = fingerprint();
        if (Arrays.equals(fingerprint, attemptedFingerprint)) {
            return false;
        }
        attemptedFingerprint = fingerprint;
        T loaded;
        try {
            loaded = loader.load();
        } catch (RuntimeException e) {
            // Any failure, not only the expected IllegalArgumentException, must keep the previous value
            // and must not end the watcher thread (which would stop reloading for good).
            stale = true;
            failures.increment();
            log.error("reload failed, keeping the previous version", "name", name, "reason", Reasons.of(e));
            return false;
        }
        // Count first: whoever sees the new value in service also sees it counted.
        successes.increment();
        stale = false;
        current = loaded;
        log.info("reloaded", "name", name);
        for (Consumer<T> listener : listeners) {
            try {
                listener.accept(loaded);
            } catch (RuntimeException e) {
                log.error("reload listener failed", e, "name", name);
            }
        }
        return true;
    }

    private WatchService newWatchService() {
        Set<Path> dirs = new LinkedHashSet<>();
        for (Path f : files) {
            Path parent = f.toAbsolutePath().getParent();
            if (parent != null) {
                dirs.add(parent);
            }
        }
        try {
            WatchService ws = FileSystems.getDefault().newWatchService();
            for (Path dir : dirs) {
                if (Files.isDirectory(dir)) {
                    dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                }
            }
            return ws;
        } catch (IOException e) {
            log.warn("cannot watch for changes, polling only", "name", name, "reason", e.getMessage(),
                    "interval", ValueTypes.formatDuration(pollInterval));
            return null;
        }
    }

    private void watchLoop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (watchService == null) {
                    Thread.sleep(pollInterval);
                } else {
                    var key = watchService.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    if (key != null) {
                        Thread.sleep(SETTLE); // let a burst of events (a symlink swap is several) settle
                        key.pollEvents();
                        key.reset();
                    }
                }
                checkNow();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    private byte[] fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                digest.update(f.toString().getBytes());
                try {
                    digest.update((byte) 1);
                    digest.update(Files.readAllBytes(f));
                } catch (IOException e) {
                    digest.update((byte) 0);
                }
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.interrupt();
        }
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
