package dev.sidecars.adapter;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;

/**
 * A Prometheus endpoint's scrape: every JSON source fetched at once (each bounded by its own deadline),
 * their families merged into one exposition, then the adapter's own series. A failing or slow source
 * is its own {@code adapter_json_up 0}; the others are served.
 */
final class SourcesScraper {

    private final List<String> names;
    private final List<JsonScraper> scrapers;

    SourcesScraper(List<String> names, List<JsonScraper> scrapers) {
        this.names = List.copyOf(names);
        this.scrapers = List.copyOf(scrapers);
    }

    Future<List<Family>> scrape() {
        List<Future<JsonScraper.Scrape>> parts = scrapers.stream().map(JsonScraper::fetch).toList();
        // JsonScraper.fetch never fails, so join completes once the slowest source has answered or timed out
        return Future.join(parts).map(done -> {
            List<List<Family>> mapped = new ArrayList<>(parts.size());
            parts.forEach(p -> mapped.add(p.result().mapped()));
            FamilyMerge.Result merged = FamilyMerge.merge(names, mapped);
            List<List<Family>> own = new ArrayList<>(parts.size());
            for (int i = 0; i < parts.size(); i++) {
                scrapers.get(i).problems(merged.problems().get(i)); // first, so that this scrape's counter includes them
                own.add(scrapers.get(i).ownSeries(parts.get(i).result()));
            }
            List<Family> families = new ArrayList<>(merged.families());
            families.addAll(FamilyMerge.merge(names, own).families());
            return families;
        });
    }
}
