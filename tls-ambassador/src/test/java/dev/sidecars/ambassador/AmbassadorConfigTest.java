package dev.sidecars.ambassador;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import dev.sidecars.common.ConfigException;
import dev.sidecars.common.ReadmeTables;
import org.junit.jupiter.api.Test;

class AmbassadorConfigTest {

    @Test
    void shouldDocumentEveryVariableInTheReadme() {
        ReadmeTables.assertReadmeMatches(AmbassadorConfig.IMAGE);
    }

    @Test
    void shouldReportEveryInvalidVariableAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> AmbassadorConfig.fromEnv(Map.of(
                "AMBASSADOR_LOG_FORMAT", "xml",
                "AMBASSADOR_LOG_LEVEL", "loud")));
        assertEquals(2, e.problems().size(), e.getMessage());
    }
}
