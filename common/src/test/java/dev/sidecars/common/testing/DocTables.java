package dev.sidecars.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.sidecars.common.env.EnvDocs;
import dev.sidecars.common.env.Image;

/** Test helper: the README's variable table of an image must equal the one generated from its declarations. */
public final class DocTables {

    private DocTables() {
    }

    public static void assertDocMatches(Image<?> image) {
        String readme;
        try {
            readme = Files.readString(projectRoot().resolve("README.md"));
        } catch (IOException e) {
            throw new AssertionError("cannot read README.md: " + e.getMessage());
        }
        String expected = EnvDocs.markdownTable(image.schema());
        String section = EnvDocs.section(readme, image.name());
        assertNotNull(section, "README.md has no <!-- env:" + image.name() + " --> ... <!-- /env:" + image.name()
                + " --> section; it should hold:\n" + expected);
        assertEquals(expected, section, "README.md's table for " + image.name()
                + " differs from the declared variables; replace it with the expected text");
    }

    /** The directory holding the parent pom and the README, found from the module directory. */
    public static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("cannot find the project root (the folder with mvnw)");
        }
        return dir;
    }
}
