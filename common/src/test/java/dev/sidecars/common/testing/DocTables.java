package dev.sidecars.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.sidecars.common.env.EnvDocs;
import dev.sidecars.common.env.Image;

/**
 * Test helper: the variable table on an image's page, {@code docs/<image>.md}, must equal the one
 * generated from its declarations, and the README must not hold a second copy.
 */
public final class DocTables {

    private DocTables() {
    }

    /** The page of one image, relative to the project root: {@code docs/<image>.md}. */
    private static String docPath(Image<?> image) {
        return "docs/" + image.name() + ".md";
    }

    public static void assertDocMatches(Image<?> image) {
        String doc = docPath(image);
        String begin = "<!-- env:" + image.name() + " -->";
        String end = "<!-- /env:" + image.name() + " -->";
        String expected = EnvDocs.markdownTable(image.schema());
        String page;
        try {
            page = Files.readString(projectRoot().resolve(doc));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + doc + " (" + e + "), the page of " + image.name()
                    + " that holds its variable table; create it with this section:\n" + begin + "\n" + expected + end);
        }
        String section = EnvDocs.section(page, image.name());
        assertNotNull(section, doc + " has no " + begin + " ... " + end + " section; paste this under the page's"
                + " \"## Variables\" heading:\n" + begin + "\n" + expected + end);
        assertEquals(expected, section, doc + ": the table between " + begin + " and " + end
                + " differs from the variables " + image.name() + " declares; replace the text between the markers with:\n"
                + expected);
        assertFalse(readme().contains(begin), "README.md still has a " + begin + " section: " + image.name()
                + "'s table lives in " + doc + " only; delete it from README.md and link to " + doc + " instead");
    }

    private static String readme() {
        try {
            return Files.readString(projectRoot().resolve("README.md"));
        } catch (IOException e) {
            throw new AssertionError("cannot read README.md: " + e);
        }
    }

    /** The directory holding the parent pom, the README and docs/, found from the module directory. */
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
