package dev.sidecars.common.admin;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.sidecars.common.StartupException;
import dev.sidecars.common.env.HostPort;
import dev.sidecars.common.log.Log;
import dev.sidecars.common.log.Reasons;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/** Binds a Vert.x HTTP server at start-up, or fails start-up with the address and the reason; closes it at the end. */
public final class HttpListener {

    private static final Log log = Log.get(HttpListener.class);

    private HttpListener() {
    }

    /**
     * @param what what the listener is for, as the error should say it, e.g. {@code the admin server}
     * @throws StartupException naming the address, {@code what} and the reason (e.g. the port is taken)
     */
    public static HttpServer bind(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler, String what) {
        String address = new HostPort(options.getHost(), options.getPort()).toString();
        try {
            return vertx.createHttpServer(options).requestHandler(handler).listen()
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new StartupException("cannot listen on " + address + " for " + what + ": " + Reasons.of(e.getCause()));
        } catch (TimeoutException e) {
            throw new StartupException("cannot listen on " + address + " for " + what + ": timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while starting " + what);
        }
    }

    /** Closes the server, waiting up to 5 s; a failure is logged as {@code "<what> did not close cleanly"}. */
    public static void close(HttpServer server, String what) {
        if (server == null) {
            return;
        }
        try {
            server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn(what + " did not close cleanly", "reason", Reasons.of(e));
        }
    }
}
