package dev.sidecars.ambassador;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure SNI choice: exact names, one-label wildcards, first listed wins, everything else the default. */
class SniCertificatesTest {

    private final SniCertificates<String> certs = new SniCertificates<>("default", List.of(
            new SniCertificates.Entry<>(List.of("api.example.test", "API2.example.test"), "api"),
            new SniCertificates.Entry<>(List.of("*.apps.example.test"), "apps-wildcard"),
            new SniCertificates.Entry<>(List.of("special.apps.example.test", "api.example.test"), "special")));

    @ParameterizedTest(name = "{0} -> {1} ({2})")
    @CsvSource(nullValues = "NULL", value = {
            "api.example.test,               api,           exact",
            "API.Example.Test,               api,           exact",
            "api2.example.test,              api,           exact",
            "api.example.test.,              api,           exact",
            "shop.apps.example.test,         apps-wildcard, wildcard",
            "special.apps.example.test,      special,       exact",
            "a.b.apps.example.test,          default,       default",
            "apps.example.test,              default,       default",
            "other.example.test,             default,       default",
            "localhost,                      default,       default",
            "NULL,                           default,       default",
            "'',                             default,       default",
    })
    void shouldChooseTheCertificateForTheServerName(String serverName, String expected, String match) {
        SniCertificates.Choice<String> choice = certs.select(serverName);
        assertEquals(expected, choice.value());
        assertEquals(match, choice.match());
    }
}
