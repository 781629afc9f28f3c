package dev.sidecars.egress;

import java.net.InetSocketAddress;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * One request on an app connection, from its head until it has been answered: the {@link Exchange}
 * it is logged as, and what the request and the response's head decide about both connections
 * afterwards. {@link ProxyHandler} makes a new one for every request, so nothing of one request
 * carries over to the next.
 */
final class InFlightRequest {

    final Exchange exchange;
    /** The app asked to keep its connection, and the proxy was not draining when the request came. */
    final boolean clientKeepAlive;
    private final boolean clientHttp10;
    /** The whole request, body included, has been written to the upstream. */
    boolean requestComplete;
    /** The final response's head (not a 1xx) has been written to the app. */
    boolean responseStarted;
    /** The response being relayed is a 1xx other than 101: the final head is still to come. */
    boolean informational;
    /** The app connection closes once the response is written. */
    boolean closeClientAfter;
    /** The upstream connection may carry the app's next request. */
    boolean upstreamReusable;

    InFlightRequest(HttpRequest request, Channel app, boolean draining) {
        HttpMethod method = request.method();
        String client = app.remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() + ":" + a.getPort() : "";
        this.exchange = new Exchange(client, method.name(), method.equals(HttpMethod.CONNECT));
        this.clientKeepAlive = HttpUtil.isKeepAlive(request) && !draining;
        this.clientHttp10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
    }

    /** A HEAD request: its response announces a body that never follows. */
    boolean isHead() {
        return HttpMethod.HEAD.name().equals(exchange.method);
    }

    /**
     * Takes in a response head from the upstream, and prepares it for the app: hop-by-hop headers
     * go, and {@code Connection} says what happens to the app connection after this response.
     */
    void responseHead(HttpResponse response, boolean draining) {
        int code = response.status().code();
        informational = code >= 100 && code < 200 && code != 101;
        if (!informational) {
            exchange.status = code;
            responseStarted = true;
            upstreamReusable = HttpUtil.isKeepAlive(response) && code != 101;
            boolean framed = HttpUtil.isContentLengthSet(response) || HttpUtil.isTransferEncodingChunked(response)
                    || code == 204 || code == 304 || isHead();
            closeClientAfter = !framed || !clientKeepAlive || draining || code == 101;
        }
        HttpHygiene.cleanResponse(response);
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (!informational && closeClientAfter) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!informational && clientHttp10) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }
}
