package dev.sidecars.configinit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.sidecars.common.env.ValueTypes;
import dev.sidecars.common.log.Log;
import dev.sidecars.common.log.Reasons;

/**
 * Waits until every target is up, all at once under one overall deadline, each retried with
 * exponential backoff. Each target is logged when it comes up; a timeout names every target that did not.
 */
final class WaitFor {

    private static final Log log = Log.get(WaitFor.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private static final Duration MAX_ATTEMPT = Duration.ofSeconds(5);

    /** Some target did not come up before the deadline. */
    static final class TimeoutException extends RuntimeException {
        TimeoutException(String message) {
            super(message, null, false, false);
        }
    }

    private final HttpClient http;

    WaitFor() {
        // A name that does not resolve yet must be asked again: the JVM would otherwise remember
        // "does not resolve" for 10 s. Set here, not in main: java.security.Security loads the
        // security configuration (~20 classes, a file read), which a merge-only run need not pay.
        java.security.Security.setProperty("networkaddress.cache.negative.ttl", "0");
        // Redirects are not followed: a 3xx already says the server answers.
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Waits for all targets at once, each on its own virtual thread under the one deadline: a slow
     * first target must not use up the time of the others.
     */
    void awaitAll(List<WaitTarget> targets, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService waiters = Executors.newVirtualThreadPerTaskExecutor()) {
            for (WaitTarget target : targets) {
                results.add(waiters.submit(() -> await(target, deadline)));
            }
            List<String> down = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                String last = lastFailure(results.get(i));
                if (last != null) {
                    down.add(targets.get(i) + " (last: " + last + ")");
                }
            }
            if (!down.isEmpty()) {
                throw new TimeoutException("not up within " + ValueTypes.formatDuration(timeout) + ": " + String.join(", ", down));
            }
        }
    }

    private static String lastFailure(Future<String> result) throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            return Reasons.of(e.getCause());
        }
    }

    /** Null once the target is up; else the last failure when the deadline passed. */
    private String await(WaitTarget target, long deadline) throws InterruptedException {
        long started = System.nanoTime();
        Duration backoff = FIRST_BACKOFF;
        int attempt = 0;
        while (true) {
            attempt++;
            long remaining = deadline - System.nanoTime();
            Duration attemptTimeout = Duration.ofNanos(Math.max(remaining, Duration.ofMillis(50).toNanos()));
            if (attemptTimeout.compareTo(MAX_ATTEMPT) > 0) {
                attemptTimeout = MAX_ATTEMPT;
            }
            String failure = check(target, attemptTimeout);
            if (failure == null) {
                log.info("dependency is up", "target", target.toString(), "attempts", attempt,
                        "waitedMs", Duration.ofNanos(System.nanoTime() - started).toMillis());
                return null;
            }
            remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                log.warn("dependency did not come up", "target", target.toString(), "attempts", attempt, "last", failure);
                return failure;
            }
            log.info("waiting for dependency", "target", target.toString(), "attempt", attempt, "last", failure);
            Thread.sleep(Math.min(backoff.toMillis(), Math.max(1, remaining / 1_000_000)));
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Null when up, else why not: one pure-I/O check per target type. */
    String check(WaitTarget target, Duration timeout) throws InterruptedException {
        return switch (target) {
            case WaitTarget.Dns dns -> {
                try {
                    InetAddress.getAllByName(dns.name());
                    yield null;
                } catch (IOException e) {
                    yield "does not resolve";
                }
            }
            case WaitTarget.Tcp tcp -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(tcp.address().host(), tcp.address().port()), (int) Math.max(1, timeout.toMillis()));
                    yield null;
                } catch (IOException e) {
                    yield Reasons.of(e);
                }
            }
            case WaitTarget.Http h -> {
                try {
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(h.uri()).timeout(timeout).GET().build(),
                            HttpResponse.BodyHandlers.discarding());
                    yield r.statusCode() >= 200 && r.statusCode() < 400 ? null : "status " + r.statusCode();
                } catch (IOException e) {
                    yield e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
                }
            }
        };
    }
}
