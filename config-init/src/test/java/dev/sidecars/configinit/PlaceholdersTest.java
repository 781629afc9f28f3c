package dev.sidecars.configinit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlaceholdersTest {

    private static final Map<String, String> ENV = Map.of("HOST", "db", "EMPTY", "", "PORT", "5432");
    private static final Map<String, String> FILES = Map.of("/run/secret", "s3cret\n");
    private final Placeholders placeholders = new Placeholders(new Placeholders.Lookup(ENV::get, FILES::get));

    static Stream<Arguments> rendered() {
        return Stream.of(
                Arguments.of("no placeholder", "plain text", "plain text"),
                Arguments.of("variable", "${HOST}:${PORT}", "db:5432"),
                Arguments.of("set but empty is empty", "[${EMPTY}]", "[]"),
                Arguments.of("default when unset", "${NOPE:-fallback}", "fallback"),
                Arguments.of("default when empty", "${EMPTY:-fallback}", "fallback"),
                Arguments.of("no default when set", "${HOST:-fallback}", "db"),
                Arguments.of("empty default", "${NOPE:-}", ""),
                Arguments.of("required and set", "${HOST:?the database host}", "db"),
                Arguments.of("file without its trailing newline", "pw=${file:/run/secret}", "pw=s3cret"),
                Arguments.of("a lone dollar is literal", "cost $5, $HOME, $ {x}, $$", "cost $5, $HOME, $ {x}, $$"),
                Arguments.of("$${ is a literal ${", "$${HOST} is ${HOST}", "${HOST} is db"),
                Arguments.of("shell-style nginx variables stay", "proxy_set_header Host $host;", "proxy_set_header Host $host;"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rendered")
    void shouldRenderPlaceholders(String name, String template, String expected) {
        List<String> errors = new ArrayList<>();
        assertEquals(expected, placeholders.render(template, "t", errors).text());
        assertEquals(List.of(), errors);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("${APP_ENVIRONMENT}", "t: variable APP_ENVIRONMENT is not set (use ${APP_ENVIRONMENT:-default} for a default)"),
                Arguments.of("${EMPTY:?set the environment}", "t: variable EMPTY is not set: set the environment"),
                Arguments.of("${NOPE:?}", "t: variable NOPE is not set: it is required"),
                Arguments.of("${file:/missing}", "t: ${file:/missing}: the file cannot be read"),
                Arguments.of("${HOST", "t: unterminated placeholder \"${HOST\" (write $${ for a literal ${)"),
                Arguments.of("${not a name}", "t: \"${not a name}\" is not a placeholder (expected ${VAR}, ${VAR:-default}, ${VAR:?message} or ${file:PATH}; write $${ for a literal ${)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void shouldReportUnresolvedPlaceholders(String template, String expected) {
        List<String> errors = new ArrayList<>();
        placeholders.render(template, "t", errors);
        assertEquals(List.of(expected), errors);
    }

    @org.junit.jupiter.api.Test
    void shouldReportEveryMissingVariableAtOnce() {
        List<String> errors = new ArrayList<>();
        placeholders.render("${A} ${B} ${HOST}", "f:3", errors);
        assertEquals(2, errors.size(), errors.toString());
        assertEquals(true, errors.get(0).contains("A is not set") && errors.get(1).contains("B is not set"), errors.toString());
    }

    @org.junit.jupiter.api.Test
    void shouldMarkFileContentAsSecret() {
        assertEquals(true, placeholders.render("${file:/run/secret}", "t", new ArrayList<>()).usedFile());
        assertEquals(false, placeholders.render("${HOST}", "t", new ArrayList<>()).usedFile());
    }

    @org.junit.jupiter.api.Test
    void shouldNameLineAndColumnOfEveryTemplateProblem() {
        List<String> errors = new ArrayList<>();
        Templates.render("server {\n  listen ${PORT}; root ${ROOT};\n  host ${HOST:?}${bad name}\n  x ${unterminated\n",
                "nginx.conf", placeholders, errors);
        assertEquals(List.of(
                "nginx.conf:2:24: variable ROOT is not set (use ${ROOT:-default} for a default)",
                "nginx.conf:3:17: \"${bad name}\" is not a placeholder (expected ${VAR}, ${VAR:-default}, ${VAR:?message} or ${file:PATH};"
                        + " write $${ for a literal ${)",
                "nginx.conf:4:5: unterminated placeholder \"${unterminated\n\" (write $${ for a literal ${)"), errors);
    }
}
