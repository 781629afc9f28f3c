package dev.sidecars.adapter;

import io.vertx.core.http.HttpServerRequest;

/** Serves the scraped families as Prometheus text, or OpenMetrics when the scraper asks for it. */
final class PrometheusEndpoint implements Endpoint {

    private final SourcesScraper scraper;

    PrometheusEndpoint(SourcesScraper scraper) {
        this.scraper = scraper;
    }

    @Override
    public void handle(HttpServerRequest request) {
        boolean openMetrics = Exposition.wantsOpenMetrics(request.getHeader("Accept"));
        scraper.scrape().onComplete(ar -> {
            if (request.response().ended() || request.response().closed()) {
                return;
            }
            request.response().setStatusCode(200)
                    .putHeader("Content-Type", openMetrics ? Exposition.OPENMETRICS_TEXT : Exposition.PROMETHEUS_TEXT)
                    .end(Exposition.write(ar.result(), openMetrics));
        });
    }
}
