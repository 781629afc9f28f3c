package dev.sidecars.adapter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Every endpoint the adapter serves, from the env vars or from {@code ADAPTER_CONFIG_FILE}. */
record Endpoints(List<Health> health, List<ForwardSpec> forwards, List<Static> statics, List<JsonSource> json,
                 List<PromText> promText, List<LogFile> logs) {

    /** An aggregated health endpoint. */
    record Health(String path, List<CheckSpec> checks) {
    }

    /** A fixed answer, e.g. a version endpoint. */
    record Static(String path, int status, String contentType, String body) {
    }

    /**
     * A Prometheus endpoint translated from the app's JSON: one source, or several ({@code sources:})
     * fetched concurrently on each scrape and merged into one exposition.
     */
    record JsonSource(String path, List<Source> sources) {

        JsonSource(String path, String url, JsonMapping mapping, AdapterConfig.MissingValues missing, Path mappingFile) {
            this(path, List.of(new Source(url, mapping, missing, mappingFile)));
        }

        /** The adapter's own series carry a {@code source} label only when there are several to tell apart. */
        boolean labelled() {
            return sources.size() > 1;
        }
    }

    /** One JSON document and its mapping; {@code mappingFile} is null for an inline mapping. */
    record Source(String url, JsonMapping mapping, AdapterConfig.MissingValues missing, Path mappingFile) {
    }

    /** The app's own Prometheus text, filtered and prefixed. */
    record PromText(String path, String url, Pattern allow, Pattern deny, String prefix) {
    }

    /**
     * Counters of the app's log lines, served as Prometheus text.
     *
     * @param fromStart count the lines already in the file at start-up (else only new ones)
     */
    record LogFile(String path, Path file, boolean fromStart, Duration poll, List<LogCounterSpec> counters) {
    }

    static final Endpoints NONE = new Endpoints(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    boolean isEmpty() {
        return paths().isEmpty();
    }

    List<String> paths() {
        List<String> paths = new ArrayList<>();
        health.forEach(h -> paths.add(h.path()));
        json.forEach(j -> paths.add(j.path()));
        promText.forEach(p -> paths.add(p.path()));
        logs.forEach(l -> paths.add(l.path()));
        statics.forEach(s -> paths.add(s.path()));
        forwards.forEach(f -> paths.add(f.path()));
        return paths;
    }

    /** Each path served twice, once: a path served twice would silently shadow one endpoint. */
    List<String> duplicatePaths() {
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (String p : paths()) {
            if (!seen.add(p) && !duplicates.contains(p)) {
                duplicates.add(p);
            }
        }
        return duplicates;
    }
}
