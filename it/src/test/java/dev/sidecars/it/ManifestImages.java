package dev.sidecars.it;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sidecars.common.env.HostPort;
import dev.sidecars.common.env.Image;
import dev.sidecars.common.env.Setting;

/**
 * What the manifests may reference: our five images (with each one's declared env settings, read
 * from its {@code XxxConfig.IMAGE}) under the registry the examples document, and the app images
 * listed in examples/README.md's table.
 */
final class ManifestImages {

    /** The registry and repository the examples use: where {@code ./mvnw -Pimages install} pushes. */
    static final String OUR_REPOSITORY = "127.0.0.1:5000/sidecars/";

    private static final Map<Images, String> CONFIG_CLASSES = Map.of(
            Images.TLS_AMBASSADOR, "dev.sidecars.ambassador.AmbassadorConfig",
            Images.EGRESS_PROXY, "dev.sidecars.egress.EgressConfig",
            Images.LOG_TAILER, "dev.sidecars.tailer.TailerConfig",
            Images.METRICS_ADAPTER, "dev.sidecars.adapter.AdapterConfig",
            Images.CONFIG_INIT, "dev.sidecars.configinit.ConfigInitConfig");

    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `([^`]+)` \\|", Pattern.MULTILINE);

    private ManifestImages() {
    }

    /** The image of ours a reference names (any tag), or empty for anything else. */
    static Optional<Images> ours(String reference) {
        if (!reference.startsWith(OUR_REPOSITORY)) {
            return Optional.empty();
        }
        String rest = reference.substring(OUR_REPOSITORY.length());
        String name = rest.contains(":") ? rest.substring(0, rest.indexOf(':')) : rest;
        for (Images image : Images.values()) {
            if (image.artifact.equals(name)) {
                return Optional.of(image);
            }
        }
        return Optional.empty();
    }

    /** The tag the examples must use: the version this build pushes. */
    static String tag() {
        return System.getProperty("image.tag", "0.1.0-SNAPSHOT");
    }

    /** The image's declaration ({@code XxxConfig.IMAGE}, package-private in its module). */
    static Image<?> declaration(Images image) {
        try {
            Field field = Class.forName(CONFIG_CLASSES.get(image)).getDeclaredField("IMAGE");
            field.setAccessible(true);
            return (Image<?>) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read " + CONFIG_CLASSES.get(image) + ".IMAGE", e);
        }
    }

    /**
     * Where the image listens with this env: every {@code *_LISTEN} setting, the env's value or the
     * declared default. Keyed by setting name.
     */
    static Map<String, HostPort> listens(Images image, Map<String, String> env) {
        Map<String, HostPort> listens = new LinkedHashMap<>();
        for (Setting<?> s : declaration(image).schema().settings()) {
            if (!s.name().endsWith("_LISTEN")) {
                continue;
            }
            String value = env.getOrDefault(s.name(), s.defaultValue());
            if (value != null && !value.isBlank()) {
                listens.put(s.name(), HostPort.parse(value.strip()));
            }
        }
        return listens;
    }

    /** The app images examples/README.md documents (its table between the app-images markers). */
    static Set<String> appImages() throws IOException {
        String readme = Files.readString(Manifest.examplesDir().resolve("README.md"));
        int start = readme.indexOf("<!-- app-images -->");
        int end = readme.indexOf("<!-- /app-images -->");
        if (start < 0 || end < start) {
            throw new AssertionError("examples/README.md has no <!-- app-images --> table");
        }
        Set<String> images = new LinkedHashSet<>();
        Matcher m = TABLE_ROW.matcher(readme.substring(start, end));
        while (m.find()) {
            images.add(m.group(1));
        }
        return images;
    }
}
