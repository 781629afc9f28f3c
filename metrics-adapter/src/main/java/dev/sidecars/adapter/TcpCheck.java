package dev.sidecars.adapter;

import java.time.Duration;

import dev.sidecars.common.env.HostPort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;

/** Connects to host:port and closes again: the app accepts connections. */
final class TcpCheck implements Check {

    private final CheckSpec spec;
    private final HostPort target;
    private final Vertx vertx;
    private final NetClient client;
    private final Duration timeout;

    TcpCheck(CheckSpec spec, Vertx vertx, NetClient client, Duration timeout) {
        this.spec = spec;
        this.target = HostPort.parse(spec.target());
        this.vertx = vertx;
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public Future<Outcome> run() {
        return TimedProbe.run(vertx, timeout, () -> client.connect(target.port(), target.host()).map(socket -> {
            socket.close();
            return new Verdict(true, "connected");
        }));
    }
}
