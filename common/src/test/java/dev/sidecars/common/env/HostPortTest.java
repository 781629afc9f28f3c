package dev.sidecars.common.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @ParameterizedTest(name = "{0} -> {1} port {2}")
    @CsvSource({
            "example.com:80, example.com, 80",
            "Example.COM:443, example.com, 443",
            "127.0.0.1:8080, 127.0.0.1, 8080",
            ":9901, 0.0.0.0, 9901",
            "[::1]:9901, ::1, 9901",
            "[::]:0, ::, 0",
            "localhost:65535, localhost, 65535",
            "my-svc.my-ns.svc.cluster.local:5432, my-svc.my-ns.svc.cluster.local, 5432",
    })
    void shouldParseAddress(String text, String host, int port) {
        HostPort parsed = HostPort.parse(text);
        assertEquals(host, parsed.host());
        assertEquals(port, parsed.port());
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {
            "::1:80", "example.com:65536", "example.com:99999", "abc", "999.1.1.1:80", "exa mple.com:80",
            "example.com:", "example.com:-1", "example.com:http", "[::1]", "[1.2.3.4]:80", "1.2.3:80",
            "-bad.example:80", "host_name:80", "[:::::]:80", "[1:2:3:4:5:6:7:8:9]:80", ":", "",
    })
    void shouldRejectMalformedAddress(String text) {
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));
    }

    @Test
    void shouldRejectPortAbove65535() {
        assertThrows(IllegalArgumentException.class, () -> new HostPort("localhost", 65536));
        assertThrows(IllegalArgumentException.class, () -> new HostPort("localhost", -1));
    }

    @Test
    void shouldAskForBracketsAroundIpv6() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse("::1:80"));
        assertEquals("an IPv6 address must be written in brackets, e.g. [::1]:8080", e.getMessage());
    }

    @ParameterizedTest(name = "{0} loopback={1}")
    @CsvSource({
            "127.0.0.1:80, true",
            "127.1.2.3:80, true",
            "[::1]:80, true",
            "localhost:80, true",
            "LOCALHOST:80, true",
            "0.0.0.0:80, false",
            ":80, false",
            "[::]:80, false",
            "10.0.0.1:80, false",
            "example.com:80, false",
    })
    void shouldTellLoopback(String text, boolean loopback) {
        assertEquals(loopback, HostPort.parse(text).isLoopback());
    }

    @ParameterizedTest(name = "{0} prints as itself")
    @ValueSource(strings = {"example.com:80", "[::1]:9901", "0.0.0.0:9901", "[fe80::1]:443"})
    void shouldPrintAsParsed(String text) {
        assertEquals(text, HostPort.parse(text).toString());
    }
}
