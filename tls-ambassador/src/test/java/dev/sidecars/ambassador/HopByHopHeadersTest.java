package dev.sidecars.ambassador;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which headers leave a client's request before it may share a connection to the app (RFC 9110 §7.6.1). */
class HopByHopHeadersTest {

    /**
     * @param sent     the request's headers, {@code name=value} separated by {@code ;}
     * @param expected the names left afterwards, sorted, separated by {@code ;}
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Host=a;Connection=keep-alive;Keep-Alive=timeout=5                 | host",
            "Host=a;Proxy-Connection=keep-alive;TE=trailers;Trailer=X-Sum      | host",
            "Host=a;Upgrade=websocket;Connection=Upgrade                       | host",
            "Host=a;Connection=X-Secret, X-Other;X-Secret=1;X-Other=2;X-Kept=3 | host;x-kept",
            "Host=a;Connection=x-secret;X-SECRET=1                              | host",
            "Host=a;Connection=,, ,;X-Kept=1                                    | host;x-kept",
            "Host=a;Connection=X-Forwarded-For;X-Forwarded-For=10.0.0.1         | host;x-forwarded-for",
            "Host=a;Connection=x-client-cn;X-Client-CN=me                       | host;x-client-cn",
            "Host=a;Connection=Host                                             | ''",
    })
    void shouldStripHopHeadersAndWhatConnectionNamesButNeverOurs(String sent, String expected) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (String pair : sent.split(";")) {
            int eq = pair.indexOf('=');
            headers.add(pair.substring(0, eq).strip(), pair.substring(eq + 1));
        }
        HopByHopHeaders.strip(headers, ForwardedHeaders.OWNED);
        TreeSet<String> left = new TreeSet<>();
        headers.names().forEach(n -> left.add(n.toLowerCase(java.util.Locale.ROOT)));
        List<String> want = expected.isEmpty() ? List.of() : Arrays.asList(expected.split(";"));
        assertEquals(want, List.copyOf(left));
    }
}
