package dev.sidecars.configinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
