package dev.sidecars.adapter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.sidecars.common.log.Log;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;

/**
 * One source's scrape: fetch the app's JSON (bounded by the scrape timeout and the body limit), map
 * it, and make the adapter's own series: {@code adapter_json_up}, the scrape duration, parse failures
 * and missing values. Never fails: a broken source is {@code adapter_json_up 0}, not a 500.
 */
final class JsonScraper {

    private static final Log log = Log.get(JsonScraper.class);
    private static final int MAX_REMEMBERED_PROBLEMS = 1000;

    /** One source's part of a scrape: its mapped families, and what its own series report. */
    record Scrape(List<Family> mapped, boolean up, int missing, double seconds) {
    }

    private final UpstreamUrl url;
    private final Upstream upstream;
    private final JsonMapping mapping;
    private final AdapterConfig.MissingValues missingPolicy;
    private final Duration timeout;
    private final List<String[]> ownLabels;
    private final AtomicLong parseFailures = new AtomicLong();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    /** {@code ownLabels} go on the adapter's own series: none for a lone source, {@code source=...} beside others. */
    JsonScraper(UpstreamUrl url, Upstream upstream, JsonMapping mapping, AdapterConfig.MissingValues missingPolicy,
                Duration timeout, List<String[]> ownLabels) {
        this.url = url;
        this.upstream = upstream;
        this.mapping = mapping;
        this.missingPolicy = missingPolicy;
        this.timeout = timeout;
        this.ownLabels = List.copyOf(ownLabels);
    }

    /** Fetches and maps; never fails. */
    Future<Scrape> fetch() {
        long started = System.nanoTime();
        return upstream.get(url, timeout, "json").transform(ar -> {
            List<Family> families = new ArrayList<>();
            boolean up;
            int missing = 0;
            if (ar.failed()) {
                up = false;
                logOnce("cannot fetch JSON from " + url + ": " + FailureReasons.of(ar.cause()));
            } else if (ar.result().status() < 200 || ar.result().status() > 299) {
                up = false;
                logOnce("JSON source " + url + " answered status " + ar.result().status());
            } else {
                Object document = null;
                try {
                    document = JsonDocuments.parse(ar.result().body());
                } catch (DecodeException e) {
                    parseFailures.incrementAndGet();
                    logOnce("JSON from " + url + " is malformed: " + JsonDocuments.shortReason(e));
                }
                if (document == null) {
                    up = false;
                } else {
                    JsonMapper.Result result = JsonMapper.map(document, mapping);
                    missing = result.missing();
                    problems(result.problems());
                    up = missing == 0 || missingPolicy == AdapterConfig.MissingValues.SKIP;
                    if (up) {
                        families.addAll(result.families());
                    } else {
                        logOnce("JSON from " + url + " lacks " + missing + " mapped value(s); ADAPTER_JSON_MISSING=fail");
                    }
                }
            }
            return Future.succeededFuture(new Scrape(families, up, missing, (System.nanoTime() - started) / 1e9));
        });
    }

    /** Values that could not be mapped (or merged): counted as parse failures, each logged once. */
    void problems(Collection<String> problems) {
        parseFailures.addAndGet(problems.size());
        problems.forEach(this::logOnce);
    }

    List<Family> ownSeries(Scrape scrape) {
        return List.of(
                gauge("adapter_json_up", "1 when the app's JSON was fetched and mapped, else 0", scrape.up() ? 1 : 0),
                gauge("adapter_json_scrape_duration_seconds", "Time taken to fetch and map the app's JSON", scrape.seconds()),
                gauge("adapter_json_missing_values", "Mapped values missing from the app's JSON in this scrape", scrape.missing()),
                new Family("adapter_json_parse_failures_total", "Malformed JSON documents and values that could not be mapped",
                        JsonMapping.MetricType.COUNTER, List.of(new Sample(ownLabels, parseFailures.get()))));
    }

    private Family gauge(String name, String help, double value) {
        return new Family(name, help, JsonMapping.MetricType.GAUGE, List.of(new Sample(ownLabels, value)));
    }

    /** Each distinct problem is logged once: a broken mapping must not flood the logs every scrape. */
    private void logOnce(String problem) {
        if (logged.size() < MAX_REMEMBERED_PROBLEMS && logged.add(problem)) {
            log.warn(problem);
        }
    }
}
