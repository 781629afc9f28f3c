package dev.sidecars.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import dev.sidecars.common.env.ConfigException;
import dev.sidecars.common.testing.DocTables;
import org.junit.jupiter.api.Test;

class EgressConfigTest {

    @Test
    void shouldDocumentEveryVariableInTheImageDoc() {
        DocTables.assertDocMatches(EgressConfig.IMAGE);
    }

    @Test
    void shouldDefaultToALoopbackListenerInEnforceModeWithNothingAllowed() {
        EgressConfig config = EgressConfig.fromEnv(Map.of());

        assertEquals("127.0.0.1:1080", config.listen().toString());
        assertEquals(EgressConfig.Mode.ENFORCE, config.mode());
        assertEquals(0, config.allowList().size());
        assertEquals(Set.of(443), config.connectPorts());
    }

    @Test
    void shouldReportEveryInvalidVariableAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> EgressConfig.fromEnv(Map.of(
                "EGRESS_LOG_FORMAT", "xml",
                "EGRESS_LOG_LEVEL", "loud")));
        assertEquals(2, e.problems().size(), e.getMessage());
    }

    @Test
    void shouldReportEveryBadAllowEntryRouteAndCidrWithTheExpectedFormat() {
        ConfigException e = assertThrows(ConfigException.class, () -> EgressConfig.fromEnv(Map.of(
                "EGRESS_ALLOW", "api.example.com,exa mple.com,*.,ok.example:99999",
                "EGRESS_ALLOW_CIDRS", "10.0.0.0/33",
                "EGRESS_ROUTES", "http://localhost/api",
                "EGRESS_MODE", "audit")));
        String message = e.getMessage();
        assertEquals(4, e.problems().size(), message);
        assertTrue(message.contains("\"exa mple.com\" is not a host[:port] (expected: host, *.suffix or host:port)"), message);
        assertTrue(message.contains("EGRESS_ALLOW: ") && message.contains("has 3 bad entries"), message);
        assertTrue(message.contains("EGRESS_ALLOW_CIDRS"), message);
        assertTrue(message.contains("EGRESS_ROUTES"), message);
        assertTrue(message.contains("EGRESS_MODE"), message);
    }

    @Test
    void shouldRefuseANonLoopbackListenerUnlessExplicitlyAllowed() {
        ConfigException e = assertThrows(ConfigException.class, () -> EgressConfig.fromEnv(Map.of(
                "EGRESS_LISTEN", "0.0.0.0:1080")));
        assertTrue(e.getMessage().contains("EGRESS_ALLOW_NON_LOOPBACK_LISTEN=true"), e.getMessage());

        EgressConfig allowed = EgressConfig.fromEnv(Map.of("EGRESS_LISTEN", "0.0.0.0:1080",
                "EGRESS_ALLOW_NON_LOOPBACK_LISTEN", "true"));
        assertEquals(1080, allowed.listen().port());
    }
}
