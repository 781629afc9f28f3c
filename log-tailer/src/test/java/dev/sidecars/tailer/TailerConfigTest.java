package dev.sidecars.tailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import dev.sidecars.common.ConfigException;
import dev.sidecars.common.ReadmeTables;
import org.junit.jupiter.api.Test;

class TailerConfigTest {

    @Test
    void shouldDocumentEveryVariableInTheReadme() {
        ReadmeTables.assertReadmeMatches(TailerConfig.IMAGE);
    }

    @Test
    void shouldReportEveryInvalidVariableAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> TailerConfig.fromEnv(Map.of(
                "TAILER_LOG_FORMAT", "xml",
                "TAILER_LOG_LEVEL", "loud")));
        assertEquals(2, e.problems().size(), e.getMessage());
    }
}
