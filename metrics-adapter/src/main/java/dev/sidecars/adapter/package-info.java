/**
 * The metrics-adapter image: gives the app the monitoring API the platform expects, {@code /health}
 * from the app's own endpoints and Prometheus metrics from its JSON, its Prometheus text or its log.
 *
 * <p>Start with {@code AdapterMain}, {@code AdapterConfig} (every variable) and {@code ConfigFile} (the
 * YAML alternative); both produce {@code Endpoints}. {@code Adapter} builds them and
 * {@code AdapterServer} routes each path to its {@code Endpoint}: health ({@code HealthEndpoint} over
 * {@code Check}s: http, tcp, file), forward, static, Prometheus from JSON ({@code SourcesScraper},
 * {@code JsonScraper}, the pure {@code JsonMapper} over {@code JsonPath}), the app's own Prometheus text
 * ({@code PromTextFilter}) and log counters ({@code LogSource} over common's follower). The text format
 * is written by {@code Exposition}.
 */
package dev.sidecars.adapter;
