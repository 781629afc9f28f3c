package dev.sidecars.adapter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rich configuration ({@code ADAPTER_CONFIG_FILE}): any number of endpoints of each kind, checks
 * whose regexes may hold commas and semicolons, and inline JSON mappings. Validated at start-up;
 * every problem is reported at once with {@code file:line:column}.
 *
 * <pre>
 * endpoints:
 * - path: /health
 *   kind: health
 *   checks:
 *   - {kind: http, target: /metrics, status: 200-299, body: 'up;ok', timeout: 500ms, name: app}
 *   - {kind: tcp, target: '127.0.0.1:5432'}
 *   - {kind: file, target: /shared/app.log, modified: 30s}
 * - {path: /ready, kind: forward, upstream: /metrics, ok: 200, fail: 503}
 * - {path: /version, kind: static, body: '1.2.3', contentType: text/plain, status: 200}
 * - path: /metrics
 *   kind: prometheus
 *   source: /_cluster/health          # path of ADAPTER_UPSTREAM, or a URL
 *   missing: skip                     # or fail
 *   metrics: [...]                    # inline rules, or mapping: /config/mapping.yaml
 * - path: /es-metrics
 *   kind: prometheus
 *   sources:                          # instead of source:, fetched concurrently, merged into one exposition
 *   - {source: /_cluster/health, metrics: [...]}
 *   - {source: /_nodes/_local/stats, mapping: /config/nodes.yaml, missing: fail}
 * - path: /log-metrics
 *   kind: prometheus-log              # counters of the app's log lines
 *   file: /shared/timecheck.log
 *   from: end                         # or start; poll: 1s
 *   counters:
 *   - {name: timecheck_total, match: 'Environment: .* time check', help: Time checks}
 *   - {name: app_lines_total, match: 'level=(?&lt;level&gt;\w+)', maxLabelValues: 10}
 * </pre>
 */
final class ConfigFile {

    private ConfigFile() {
    }

    static Endpoints load(Path file) {
        return fromTree(YamlTree.load(file), file.toString());
    }

    static Endpoints parse(String text, String source) {
        return fromTree(YamlTree.parse(text, source), source);
    }

    private static Endpoints fromTree(YamlTree root, String source) {
        List<String> problems = new ArrayList<>();
        Map<String, YamlTree> top = root.map();
        if (top == null || !top.containsKey("endpoints") || top.get("endpoints").list() == null) {
            throw new IllegalArgumentException(source + ":" + root.at() + ": expected endpoints: a list of endpoints");
        }
        top.keySet().stream().filter(k -> !k.equals("endpoints")).forEach(k ->
                problems.add(source + ":" + top.get(k).at() + ": unknown key " + k + " (expected endpoints:)"));
        List<Endpoints.Health> health = new ArrayList<>();
        List<ForwardSpec> forwards = new ArrayList<>();
        List<Endpoints.Static> statics = new ArrayList<>();
        List<Endpoints.JsonSource> json = new ArrayList<>();
        List<Endpoints.PromText> promText = new ArrayList<>();
        List<Endpoints.LogFile> logs = new ArrayList<>();
        List<YamlTree> items = top.get("endpoints").list();
        for (int i = 0; i < items.size(); i++) {
            new ConfigFileEntry(source, "endpoints[" + i + "]", items.get(i), problems).read(health, forwards, statics, json, promText, logs);
        }
        Endpoints endpoints = new Endpoints(List.copyOf(health), List.copyOf(forwards), List.copyOf(statics), List.copyOf(json),
                List.copyOf(promText), List.copyOf(logs));
        if (endpoints.isEmpty() && problems.isEmpty()) {
            problems.add(source + ":" + top.get("endpoints").at() + ": endpoints is empty");
        }
        endpoints.duplicatePaths().forEach(p -> problems.add(source + ": path " + p + " is served by two endpoints"));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return endpoints;
    }
}
