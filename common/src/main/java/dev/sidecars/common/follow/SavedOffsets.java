package dev.sidecars.common.follow;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sidecars.common.log.Log;

/**
 * The offsets of files seen before, by identity: those saved by an earlier run, and those of
 * files closed since (a rotated file matched again by a glob resumes where its drain ended).
 * Every state interval, closed files that no longer exist are forgotten and, when there is an
 * {@link OffsetStore}, the offsets of all files are saved to it. Only the follower thread touches
 * it, except {@link #problem()}.
 */
final class SavedOffsets {

    // the follower's logger: the follower logs under one name, whichever part of it speaks
    private static final Log log = Log.get(Follower.class);
    private static final int LIMIT = 1024;

    /** null: offsets are not saved (they are still remembered while the follower runs). */
    private final OffsetStore store;
    private final long intervalNanos;
    private final Map<String, OffsetStore.Entry> known = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OffsetStore.Entry> eldest) {
            return size() > LIMIT;
        }
    };
    private boolean existedAtStart;
    private long lastSaveNanos;
    private volatile String problem;

    SavedOffsets(OffsetStore store, Duration interval) {
        this.store = store;
        this.intervalNanos = interval.toNanos();
    }

    /** Reads what an earlier run saved. */
    void load() throws IOException {
        if (store != null) {
            existedAtStart = store.exists();
            known.putAll(store.load());
        }
    }

    /** The state interval counts from now (start-up, once the files are open). */
    void startInterval(long nowNanos) {
        lastSaveNanos = nowNanos;
    }

    /** Whether an earlier run saved offsets: a file they do not know was created while the follower was down. */
    boolean existedAtStart() {
        return existedAtStart;
    }

    /** The offset saved for a file identity, or null. */
    OffsetStore.Entry of(String id) {
        return known.get(id);
    }

    /** Every offset known, oldest use first. */
    List<OffsetStore.Entry> entries() {
        return List.copyOf(known.values());
    }

    /** Keeps the offset of a file as it is now (the sink flushed): for a file about to be closed, or saved. */
    void remember(TrackedFile t) throws IOException {
        known.put(t.id(), t.savedState());
    }

    /** Every state interval: forgets files gone, then flushes the sink and saves. */
    void saveIfDue(long nowNanos, OpenFiles files) {
        if (nowNanos - lastSaveNanos >= intervalNanos) {
            forgetGone(files);
            if (store != null) {
                files.flushSink();
                save(files);
            }
            lastSaveNanos = nowNanos;
        }
    }

    /**
     * Saves the offsets of the open files (what was flushed) and of those closed before. A failure is
     * logged once and reported by {@link #problem()} until a save succeeds again.
     */
    void save(OpenFiles files) {
        if (store == null) {
            return;
        }
        try {
            for (TrackedFile t : files.all()) {
                remember(t);
            }
            store.save(List.copyOf(known.values()));
            if (problem != null) {
                log.info("offsets saved again");
            }
            problem = null;
        } catch (IOException e) {
            if (problem == null) {
                log.warn("cannot save offsets", "dir", store.dir().toString(),
                        "reason", e.toString());
            }
            problem = e.toString();
        }
    }

    /** Why the last save failed, or null; read by the readiness check on another thread. */
    String problem() {
        return problem;
    }

    /** Where offsets are saved, for the log. */
    String where() {
        return store == null ? "(none)" : store.dir().toString();
    }

    /**
     * Forgets closed files that no longer exist: a deleted file's inode is soon reused, and a new
     * file with the same first bytes (a fixed banner) must not resume at the old file's offset.
     */
    private void forgetGone(OpenFiles files) {
        Map<Path, Map<String, Path>> byDir = new HashMap<>();
        known.values().removeIf(e -> {
            Path dir = Path.of(e.path()).getParent();
            return !files.isOpen(e.id()) && dir != null
                    && !byDir.computeIfAbsent(dir, Siblings::byIdentity).containsKey(e.id());
        });
    }
}
