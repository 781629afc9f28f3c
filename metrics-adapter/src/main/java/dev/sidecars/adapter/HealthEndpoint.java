package dev.sidecars.adapter;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/** Runs every check at once and answers 200 or 503 with each check's result, reason and duration. */
final class HealthEndpoint implements Endpoint {

    private final List<Check> checks;

    HealthEndpoint(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    @Override
    public void handle(HttpServerRequest request) {
        evaluate().onComplete(ar -> {
            List<HealthReport.Named> results = ar.result();
            Responses.json(request, HealthReport.status(results), HealthReport.body(results));
        });
    }

    /** Never fails: every check's future succeeds with an outcome, bounded by the check's own timeout. */
    Future<List<HealthReport.Named>> evaluate() {
        List<Future<Outcome>> runs = new ArrayList<>();
        for (Check check : checks) {
            runs.add(check.run());
        }
        return Future.join(runs).transform(ignored -> {
            List<HealthReport.Named> results = new ArrayList<>();
            for (int i = 0; i < checks.size(); i++) {
                Future<Outcome> run = runs.get(i);
                Outcome outcome = run.succeeded() ? run.result() : Outcome.failed(FailureReasons.of(run.cause()), 0);
                results.add(new HealthReport.Named(checks.get(i).name(), outcome));
            }
            return Future.succeededFuture(results);
        });
    }
}
