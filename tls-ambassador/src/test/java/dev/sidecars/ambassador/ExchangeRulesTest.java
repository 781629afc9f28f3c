package dev.sidecars.ambassador;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pooled path's pure decisions, as tables. */
class ExchangeRulesTest {

    private static HttpHeaders headers(String spec) {
        HttpHeaders h = new DefaultHttpHeaders();
        if (!spec.isBlank()) {
            for (String kv : spec.split(";")) {
                String[] p = kv.split("=", 2);
                h.add(p[0].trim(), p[1].trim());
            }
        }
        return h;
    }

    private static HttpRequest request(String method, String version, String headers) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.valueOf(version), HttpMethod.valueOf(method), "/");
        r.headers().add(headers(headers));
        return r;
    }

    private static HttpResponse response(String version, int status, String headers) {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.valueOf(version), HttpResponseStatus.valueOf(status));
        r.headers().add(headers(headers));
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "plain GET                   | GET     | Host=a                                   | POOLED",
            "POST with a body            | POST    | Content-Length=3                         | POOLED",
            "WebSocket                   | GET     | Connection=Upgrade;Upgrade=websocket     | DEDICATED",
            "h2c upgrade                 | GET     | Connection=Upgrade, HTTP2-Settings;Upgrade=h2c | DEDICATED",
            "CONNECT                     | CONNECT | Host=a:443                               | DEDICATED",
    })
    void shouldRouteRequests(String name, String method, String headers, ExchangeRules.Route expected) {
        assertEquals(expected, ExchangeRules.route(request(method, "HTTP/1.1", headers)));
    }

    @Test
    void shouldRejectARequestThatDidNotDecode() {
        HttpRequest broken = request("POST", "HTTP/1.1", "Content-Length=4;Transfer-Encoding=chunked");
        broken.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("both")));
        assertEquals(ExchangeRules.Route.REJECT, ExchangeRules.route(broken));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "1.1 with a length          | GET  | HTTP/1.1 | 200 | Content-Length=5             | true",
            "1.1 chunked                | GET  | HTTP/1.1 | 200 | Transfer-Encoding=chunked    | true",
            "1.1 no content             | GET  | HTTP/1.1 | 204 |                              | true",
            "1.1 not modified           | GET  | HTTP/1.1 | 304 |                              | true",
            "answer to HEAD             | HEAD | HTTP/1.1 | 200 |                              | true",
            "app says close             | GET  | HTTP/1.1 | 200 | Content-Length=5;Connection=close | false",
            "ends with the close        | GET  | HTTP/1.1 | 200 |                              | false",
            "HTTP/1.0 app               | GET  | HTTP/1.0 | 200 | Content-Length=5             | false",
            "HTTP/1.0 app, keep-alive   | GET  | HTTP/1.0 | 200 | Content-Length=5;Connection=keep-alive | false",
    })
    void shouldKeepTheAppConnectionOnlyForSelfDelimitedKeepAliveResponses(String name, String method, String version,
                                                                          int status, String headers, boolean expected) {
        assertEquals(expected, ExchangeRules.appKeepsAlive(HttpMethod.valueOf(method), response(version, status, headers == null ? "" : headers)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "1.1 keep-alive             | HTTP/1.1 |                       | true  | Content-Length=5          | true  | ",
            "1.1 client says close      | HTTP/1.1 | Connection=close      | true  | Content-Length=5          | false | close",
            "request not fully received | HTTP/1.1 |                       | false | Content-Length=5          | false | close",
            "response ends with close   | HTTP/1.1 |                       | true  | Connection=close          | false | close",
            "1.0 without keep-alive     | HTTP/1.0 |                       | true  | Content-Length=5          | false | close",
            "1.0 with keep-alive        | HTTP/1.0 | Connection=keep-alive | true  | Content-Length=5          | true  | keep-alive",
            "1.0 cannot read chunks     | HTTP/1.0 | Connection=keep-alive | true  | Transfer-Encoding=chunked | false | close",
    })
    void shouldDecideTheClientsConnection(String name, String version, String requestHeaders, boolean received,
                                          String responseHeaders, boolean keep, String connectionHeader) {
        HttpRequest req = request("GET", version, requestHeaders == null ? "" : requestHeaders);
        ExchangeRules.ClientRequest asked = ExchangeRules.ClientRequest.of(req);
        HttpResponse res = response("HTTP/1.1", 200, responseHeaders + ";Keep-Alive=timeout=5");
        boolean keepAlive = ExchangeRules.clientKeepsAlive(asked, res, received);
        assertEquals(keep, keepAlive);
        ExchangeRules.prepareResponse(res, asked, keepAlive);
        assertEquals(connectionHeader, res.headers().get("Connection"));
        assertEquals(null, res.headers().get("Keep-Alive"), "the app's hop headers are not the client's");
        if (version.equals("HTTP/1.0")) {
            assertEquals(null, res.headers().get("Transfer-Encoding"), "no chunks for HTTP/1.0");
        }
    }

    @Test
    void shouldSendRequestsToTheAppAsHttp11WithoutHopHeadersButWithOurs() {
        HttpRequest req = request("GET", "HTTP/1.0", "Connection=close, X-Forwarded-For, X-Debug;X-Debug=1;"
                + "X-Forwarded-For=10.0.0.1;Keep-Alive=timeout=5;Proxy-Connection=keep-alive;TE=trailers;Trailer=X-Sum;"
                + "Upgrade=h2c;Accept=*/*");
        ExchangeRules.prepareRequest(req, ForwardedHeaders.OWNED);
        assertEquals(HttpVersion.HTTP_1_1, req.protocolVersion());
        assertEquals(List.of("X-Forwarded-For", "Accept"), req.headers().names().stream().toList());
        assertEquals(true, ExchangeRules.mayRepeat(req));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "GET     |                             | true",
            "GET     | Content-Length=0            | true",
            "GET     | Content-Length=1            | false",
            "GET     | Transfer-Encoding=chunked   | false",
            "HEAD    |                             | true",
            "OPTIONS |                             | true",
            "PUT     |                             | true",
            "PUT     | Content-Length=1            | false",
            "DELETE  |                             | true",
            "POST    |                             | false",
            "POST    | Content-Length=0            | false",
            "PATCH   |                             | false",
    })
    void shouldRepeatOnlyIdempotentRequestsWithoutABody(String method, String headers, boolean expected) {
        assertEquals(expected, ExchangeRules.mayRepeat(request(method, "HTTP/1.1", headers == null ? "" : headers)));
    }
}
