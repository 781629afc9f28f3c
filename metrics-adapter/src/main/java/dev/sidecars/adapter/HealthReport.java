package dev.sidecars.adapter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Aggregates check outcomes: 200 when every check passed, else 503; the body lists each check. */
final class HealthReport {

    record Named(String name, Outcome outcome) {
    }

    private HealthReport() {
    }

    static int status(List<Named> results) {
        return results.stream().allMatch(r -> r.outcome().ok()) ? 200 : 503;
    }

    static Map<String, Object> body(List<Named> results) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status(results) == 200 ? "up" : "down");
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Named r : results) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("name", r.name());
            check.put("status", r.outcome().ok() ? "up" : "down");
            check.put("reason", r.outcome().reason());
            check.put("durationMs", r.outcome().durationMillis());
            checks.add(check);
        }
        body.put("checks", checks);
        return body;
    }
}
