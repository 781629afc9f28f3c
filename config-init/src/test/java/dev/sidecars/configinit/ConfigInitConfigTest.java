package dev.sidecars.configinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import dev.sidecars.common.ConfigException;
import dev.sidecars.common.ReadmeTables;
import org.junit.jupiter.api.Test;

class ConfigInitConfigTest {

    @Test
    void shouldDocumentEveryVariableInTheReadme() {
        ReadmeTables.assertReadmeMatches(ConfigInitConfig.IMAGE);
    }

    @Test
    void shouldReportEveryInvalidVariableAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigInitConfig.fromEnv(Map.of(
                "CONFIG_INIT_LOG_FORMAT", "xml",
                "CONFIG_INIT_LOG_LEVEL", "loud")));
        assertEquals(2, e.problems().size(), e.getMessage());
    }
}
