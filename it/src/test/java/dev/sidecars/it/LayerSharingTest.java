package dev.sidecars.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * All five images start with the same base layers, by digest (the OS, and for the JVM images the Java
 * runtime), and carry what they all have in one more layer with the same digest (the JVM images' common
 * dependencies, the native images' executable), so that a node pulls it once for the whole family.
 */
@ExtendWith(RequiresDocker.class)
class LayerSharingTest {

    @Test
    void shouldShareTheBaseLayersByDigest() throws Exception {
        Registry registry = new Registry();
        List<Registry.Layer> base = registry.layers(Images.base());
        assertEquals(Images.variant().baseLayers, base.size(),
                "the base image is an OS layer (and, for the JVM images, a runtime layer): " + base);

        Map<Images, List<Registry.Layer>> images = new EnumMap<>(Images.class);
        Map<Registry.Layer, Integer> usedBy = new HashMap<>();
        for (Images image : Images.values()) {
            List<Registry.Layer> layers = registry.layers(image.reference());
            assertTrue(layers.size() > base.size(), image.artifact + " adds no layer of its own");
            assertEquals(base, layers.subList(0, base.size()), image.artifact + " does not start with the base layers");
            images.put(image, layers);
            layers.forEach(layer -> usedBy.merge(layer, 1, Integer::sum));
        }

        // Beyond the base: JVM images, the dependencies every image has (Netty, Vert.x, ...) in one layer,
        // the same bytes in all five (the Jib layer filter in the root pom); native images, the one
        // executable of the family. Either way a node pulls it once.
        List<Registry.Layer> sharedByAll = usedBy.entrySet().stream()
                .filter(e -> e.getValue() == images.size() && !base.contains(e.getKey())).map(Map.Entry::getKey).toList();
        assertTrue(sharedByAll.stream().anyMatch(layer -> layer.size() > 5 * 1048576),
                "no dependency layer of several MiB is shared by all images: " + sharedByAll);

        // The README's size table: what a node pulls for one image, and what each adds once the others are there.
        StringBuilder table = new StringBuilder("| image | pulled alone (compressed) | unique to the image |\n|---|---|---|\n");
        table.append(Images.variant() == Images.Variant.JVM ? "| base: OS + Java runtime, shared by all | " : "| base: OS, shared by all | ")
                .append(mib(total(base))).append(" | — |\n");
        long family = 0;
        for (Map.Entry<Images, List<Registry.Layer>> e : images.entrySet()) {
            List<Registry.Layer> unique = e.getValue().stream().filter(layer -> usedBy.get(layer) == 1).toList();
            table.append("| ").append(e.getKey().artifact).append(" | ").append(mib(total(e.getValue()))).append(" | ")
                    .append(mib(total(unique))).append(" |\n");
        }
        for (Registry.Layer layer : usedBy.keySet()) {
            family += layer.size();
        }
        table.append("| all five together | ").append(mib(family)).append(" | — |\n");
        System.out.print(table);
    }

    private static long total(List<Registry.Layer> layers) {
        return layers.stream().mapToLong(Registry.Layer::size).sum();
    }

    private static String mib(long bytes) {
        return bytes < 1048576 ? String.format("%.1f KiB", bytes / 1024.0) : String.format("%.1f MiB", bytes / 1048576.0);
    }
}
