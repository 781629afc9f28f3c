package dev.sidecars.configinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CodecTest {

    @Test
    void shouldReadYamlIntoTheTreeModel() {
        Object tree = TreeCodec.read("""
                Application:
                  Environment: DEV
                  Port: 8080
                  Debug: false
                Servers:
                  - host: a
                  - host: b
                """, Format.YAML, "base.yaml");
        assertEquals(MergeTest.json("{\"Application\":{\"Environment\":\"DEV\",\"Port\":8080,\"Debug\":false},\"Servers\":[{\"host\":\"a\"},{\"host\":\"b\"}]}"), tree);
    }

    @Test
    void shouldReadPropertiesNested() {
        Object tree = TreeCodec.read("a.b=1\na.c[0]=x\na.c[1]=y\nname = with spaces\n", Format.PROPERTIES, "p.properties");
        assertEquals(MergeTest.json("{\"a\":{\"b\":\"1\",\"c\":[\"x\",\"y\"]},\"name\":\"with spaces\"}"), tree);
    }

    @Test
    void shouldReadPropertiesArraysInIndexOrder() {
        StringBuilder text = new StringBuilder();
        for (int i = 11; i >= 0; i--) {
            text.append("l[").append(i).append("]=").append(i).append('\n');
        }
        assertEquals(12, ((List<?>) ((Map<?, ?>) TreeCodec.read(text.toString(), Format.PROPERTIES, "p")).get("l")).size());
    }

    @Test
    void shouldSortKeysWithNumbersByValue() {
        List<String> keys = new java.util.ArrayList<>(List.of("a[10]", "a[9]", "a[009]", "b", "a[2].x", "a[2]", "a10", "a[99999999999999999999]", "a[100]"));
        keys.sort(KeyPaths.NATURAL);
        assertEquals(List.of("a10", "a[2]", "a[2].x", "a[009]", "a[9]", "a[10]", "a[100]", "a[99999999999999999999]", "b"), keys);
    }

    @Test
    void shouldReadIniSectionsAsObjects() {
        Object tree = TreeCodec.read("""
                ; legacy settings
                top = 1
                [Application]
                Environment = DEV
                Name = "time check"
                [Database.Primary]
                # comment
                Host=db
                """, Format.INI, "app.ini");
        assertEquals(MergeTest.json("{\"top\":\"1\",\"Application\":{\"Environment\":\"DEV\",\"Name\":\"time check\"},"
                + "\"Database\":{\"Primary\":{\"Host\":\"db\"}}}"), tree);
    }

    @Test
    void shouldNameTheLineOfMalformedIni() {
        InputException e = assertThrows(InputException.class, () -> TreeCodec.read("[a]\nok=1\nno equals sign\n[broken\n", Format.INI, "app.ini"));
        assertEquals(List.of("app.ini:3: expected key = value", "app.ini:4: a section header is written [name]"), e.problems());
    }

    @Test
    void shouldRoundTripEveryFormat() {
        Object tree = MergeTest.json("{\"a\":{\"b\":\"1\",\"c\":[\"x\",\"y: z\"]},\"n\":\"=#!:\",\"u\":\"h\u00e9\"}");
        for (Format f : List.of(Format.JSON, Format.YAML, Format.PROPERTIES)) {
            assertEquals(tree, TreeCodec.read(TreeCodec.write(tree, f), f, "x"), f.name());
        }
    }

    @Test
    void shouldReportLineAndColumnOfMalformedJson() {
        InputException e = assertThrows(InputException.class, () -> TreeCodec.read("{\n  \"a\": 1,\n  \"b\" 2\n}", Format.JSON, "/cfg/base.json"));
        assertEquals(true, e.problems().getFirst().startsWith("/cfg/base.json:3:7: "), e.getMessage());
    }

    @Test
    void shouldReportLineOfMalformedYaml() {
        InputException e = assertThrows(InputException.class, () -> TreeCodec.read("a: 1\nb: [1, 2\nc: 3\n", Format.YAML, "base.yaml"));
        assertEquals(true, e.problems().getFirst().matches("base\\.yaml:\\d+:\\d+: .*"), e.getMessage());
    }

    @Test
    void shouldNameLineAndColumnOfAMalformedPropertiesEscape() {
        InputException e = assertThrows(InputException.class, () -> TreeCodec.read(
                "# comment\nok=1\nlong=a\\\n   b\\u12G4\n", Format.PROPERTIES, "app.properties"));
        assertEquals(List.of("app.properties:4:5: malformed \\u escape (expected \\u and four hex digits; write \\\\ for a literal backslash)"),
                e.problems());
    }

    @Test
    void shouldNameTheLineOfAConflictingPropertiesKey() {
        InputException e = assertThrows(InputException.class, () -> TreeCodec.read(
                "a=1\r\n! note\r\nb=2\r\na.c=3\r\n", Format.PROPERTIES, "app.properties"));
        assertEquals(List.of("app.properties:4: key a.c: cannot set a key inside a string"
                + " (expected keys such as a.b, a.b[0] or a.b.0 that nest without conflict)"), e.problems());
    }

    @Test
    void shouldGiveEachPropertiesKeyTheLineItStartsOn() {
        String text = "\n   \n# c \\\nkey-only\n  a = 1 \\\n   \\\n  b\nc.d=2\nc=3\n";
        InputException e = assertThrows(InputException.class, () -> TreeCodec.read(text, Format.PROPERTIES, "p"));
        assertEquals(List.of("p:8: key c.d: cannot set a key inside a string"
                + " (expected keys such as a.b, a.b[0] or a.b.0 that nest without conflict)"), e.problems());
        assertEquals(MergeTest.json("{\"key-only\":\"\",\"a\":\"1 b\",\"c\":\"3\"}"), TreeCodec.read(text.replace("c.d=2\n", ""), Format.PROPERTIES, "p"));
    }

    @Test
    void shouldReadPropertiesContinuationsAsTheJdkDoes() {
        Object tree = TreeCodec.read("a=one \\\n    two\n# c \\\nb=\\u00e9\n", Format.PROPERTIES, "p");
        assertEquals(MergeTest.json("{\"a\":\"one two\",\"b\":\"\u00e9\"}"), tree);
    }

    @Test
    void shouldNameLineAndColumnOfInvalidUtf8() {
        byte[] bytes = {'a', '=', '1', '\n', 'b', '=', (byte) 0xff, '\n'};
        for (Format f : List.of(Format.PROPERTIES, Format.INI)) {
            InputException e = assertThrows(InputException.class, () -> TreeCodec.read(bytes, f, "x"));
            assertEquals(List.of("x:2:3: invalid UTF-8 byte 0xff (expected UTF-8 text)"), e.problems(), f.name());
        }
    }

    @Test
    void shouldReadTomlIntoTheTreeModel() {
        Object tree = TreeCodec.read("""
                title = "timecheck"
                [Application]
                Environment = "DEV"
                Port = 8080
                Ratio = 0.5
                Debug = false
                Started = 1979-05-27T07:32:00Z
                [[Servers]]
                host = "a"
                [[Servers]]
                host = "b"
                """, Format.TOML, "app.toml");
        assertEquals(MergeTest.json("{\"title\":\"timecheck\",\"Application\":{\"Environment\":\"DEV\",\"Port\":8080,\"Ratio\":0.5,"
                + "\"Debug\":false,\"Started\":\"1979-05-27T07:32:00Z\"},\"Servers\":[{\"host\":\"a\"},{\"host\":\"b\"}]}"), tree);
    }

    @Test
    void shouldNameLineAndColumnOfMalformedToml() {
        InputException e = assertThrows(InputException.class, () -> TreeCodec.read("a = 1\nb = \n", Format.TOML, "app.toml"));
        assertEquals(List.of("app.toml:2:5: Newline not permitted here"
                + " (expected TOML 1.0: key = value, [table] or [[array of tables]]; strings quoted)"), e.problems());
    }

    @Test
    void shouldRejectARedefinedTomlTable() {
        InputException e = assertThrows(InputException.class, () -> TreeCodec.read("[a]\nb = 1\n[a]\nc = 2\n", Format.TOML, "app.toml"));
        assertTrue(e.problems().getFirst().startsWith("app.toml:3:3: Table redefined"), e.getMessage());
    }

    @Test
    void shouldTellWhatJsonExpected() {
        InputException e = assertThrows(InputException.class, () -> TreeCodec.read("{\"a\": 1 \"b\": 2}", Format.JSON, "b.json"));
        assertTrue(e.problems().getFirst().startsWith("b.json:1:9: Unexpected character"), e.getMessage());
        assertTrue(e.problems().getFirst().contains("was expecting comma to separate Object entries"), e.getMessage());
    }

    @Test
    void shouldTellWhatYamlExpected() {
        InputException e = assertThrows(InputException.class, () -> TreeCodec.read("a: 1\nb: [1, 2\nc: 3\n", Format.YAML, "base.yaml"));
        assertTrue(e.problems().getFirst().matches("base\\.yaml:3:\\d+: .*expected ',' or ']'.*"), e.getMessage());
    }

    @Test
    void shouldRejectDuplicateKeys() {
        InputException e = assertThrows(InputException.class, () -> TreeCodec.read("{\"a\":1,\"a\":2}", Format.JSON, "d.json"));
        assertEquals(true, e.getMessage().contains("Duplicate field 'a'"), e.getMessage());
    }

    @Test
    void shouldWriteTheSameBytesForTheSameTree() {
        Object tree = MergeTest.json("{\"b\":1,\"a\":{\"z\":[1,2],\"y\":true}}");
        assertEquals("{\n  \"b\": 1,\n  \"a\": {\n    \"z\": [\n      1,\n      2\n    ],\n    \"y\": true\n  }\n}\n", TreeCodec.write(tree, Format.JSON));
        assertEquals(TreeCodec.write(tree, Format.YAML), TreeCodec.write(MergeTest.json("{\"b\":1,\"a\":{\"z\":[1,2],\"y\":true}}"), Format.YAML));
        assertEquals("a.y=true\na.z[0]=1\na.z[1]=2\nb=1\n", TreeCodec.write(tree, Format.PROPERTIES));
        assertEquals(Map.of(), TreeCodec.read("", Format.YAML, "empty.yaml"));
    }
}
