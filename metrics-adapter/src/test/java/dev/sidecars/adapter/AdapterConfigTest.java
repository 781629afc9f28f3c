package dev.sidecars.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import dev.sidecars.common.ConfigException;
import dev.sidecars.common.ReadmeTables;
import org.junit.jupiter.api.Test;

class AdapterConfigTest {

    @Test
    void shouldDocumentEveryVariableInTheReadme() {
        ReadmeTables.assertReadmeMatches(AdapterConfig.IMAGE);
    }

    @Test
    void shouldReportEveryInvalidVariableAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> AdapterConfig.fromEnv(Map.of(
                "ADAPTER_LOG_FORMAT", "xml",
                "ADAPTER_LOG_LEVEL", "loud")));
        assertEquals(2, e.problems().size(), e.getMessage());
    }
}
