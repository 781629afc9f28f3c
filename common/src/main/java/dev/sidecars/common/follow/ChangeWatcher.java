package dev.sidecars.common.follow;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sidecars.common.log.Log;

/**
 * Wakes the follower early when a watched directory changes (inotify through {@link WatchService});
 * without an event it still wakes after the poll interval, which is the fallback for volumes where
 * inotify sees nothing (network file systems, some overlay setups) and for directories that do not
 * exist yet.
 */
final class ChangeWatcher implements AutoCloseable {

    private static final Log log = Log.get(ChangeWatcher.class);

    private final WatchService service;
    private final Map<Path, WatchKey> keys = new HashMap<>();

    ChangeWatcher() {
        WatchService s;
        try {
            s = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("no file change notifications, polling only", "reason", e.toString());
            s = null;
        }
        service = s;
    }

    /** Registers a directory once it exists; cheap to call on every scan. */
    void watch(Path dir) {
        if (service == null) {
            return;
        }
        WatchKey key = keys.get(dir);
        if (key != null && key.isValid()) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            keys.put(dir, dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
        } catch (IOException e) {
            log.warn("cannot watch directory, polling it", "dir", dir.toString(), "reason", e.toString());
            keys.remove(dir);
        }
    }

    /** What the watched directories reported: whether the file lists may have changed (a creation, a rename, lost events). */
    record Signal(boolean rescan) {
        static final Signal NONE = new Signal(false);
    }

    /** Waits for a change or the timeout. */
    Signal await(Duration timeout) throws InterruptedException {
        if (service == null) {
            Thread.sleep(timeout.toMillis());
            return Signal.NONE;
        }
        try {
            return collect(service.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (ClosedWatchServiceException e) {
            return Signal.NONE;
        }
    }

    /** What was reported since the last call, without waiting. */
    Signal poll() {
        if (service == null) {
            return Signal.NONE;
        }
        try {
            return collect(service.poll());
        } catch (ClosedWatchServiceException e) {
            return Signal.NONE;
        }
    }

    private Signal collect(WatchKey key) {
        if (key == null) {
            return Signal.NONE;
        }
        boolean rescan = false;
        while (key != null) {
            for (WatchEvent<?> e : key.pollEvents()) {
                // writes (ENTRY_MODIFY) only wake the follower; new names and lost events need a listing
                rescan |= e.kind() != StandardWatchEventKinds.ENTRY_MODIFY && e.kind() != StandardWatchEventKinds.ENTRY_DELETE;
            }
            key.reset();
            key = service.poll();
        }
        return new Signal(rescan);
    }

    @Override
    public void close() {
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                // nothing is lost by a watch service that did not close cleanly
            }
        }
    }
}
