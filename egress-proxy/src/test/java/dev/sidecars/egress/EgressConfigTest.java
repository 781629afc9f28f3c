package dev.sidecars.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import dev.sidecars.common.ConfigException;
import dev.sidecars.common.ReadmeTables;
import org.junit.jupiter.api.Test;

class EgressConfigTest {

    @Test
    void shouldDocumentEveryVariableInTheReadme() {
        ReadmeTables.assertReadmeMatches(EgressConfig.IMAGE);
    }

    @Test
    void shouldReportEveryInvalidVariableAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> EgressConfig.fromEnv(Map.of(
                "EGRESS_LOG_FORMAT", "xml",
                "EGRESS_LOG_LEVEL", "loud")));
        assertEquals(2, e.problems().size(), e.getMessage());
    }
}
