package dev.sidecars.common.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPatternTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            "/logs/app.log,     /logs/app.log,     true",
            "/logs/app.log,     /logs/app.log.1,   false",
            "/logs/*.log,       /logs/audit-1.log, true",
            "/logs/*.log,       /logs/app.log.1,   false",
            "/logs/*.log,       /logs/sub/a.log,   false",
            "/logs/audit-?.log, /logs/audit-7.log, true",
            "'/logs/{a,b}.log', /logs/b.log,       true",
    })
    void shouldMatchFileNamesInItsDirectory(String pattern, String file, boolean expected) {
        assertEquals(expected, PathPattern.parse(pattern).matches(Path.of(file)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "logs/app.log,    is not an absolute path",
            "/logs/,          names a directory",
            "/logs/*/app.log, has a glob in its directory part",
            "/logs/..,        names a directory",
    })
    void shouldRejectPatternsItCannotFollow(String pattern, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PathPattern.parse(pattern));
        assertEquals(true, e.getMessage().startsWith(reason), e.getMessage());
    }
}
