package dev.sidecars.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * One manifest file as Kubernetes objects (fabric8's model): the kinds the examples use are typed,
 * anything else (cert-manager's Certificate) is kept generic. Fails on YAML that the model
 * cannot bind, e.g. a string where a port number belongs.
 */
record Manifest(String name, List<HasMetadata> objects) {

    private static final ObjectMapper YAML = new YAMLMapper();

    /** apiVersion/kind → model class; what is not here is parsed as a generic resource. */
    private static final Map<String, Class<? extends HasMetadata>> TYPED = Map.of(
            "v1/Pod", Pod.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

    static Manifest load(Path file) throws IOException {
        return parse(file.getParent().getFileName() + "/" + file.getFileName(), Files.readString(file));
    }

    static Manifest parse(String name, String yaml) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isEmpty()) {
                    continue;
                }
                String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
                Class<? extends HasMetadata> type = TYPED.getOrDefault(key, GenericKubernetesResource.class);
                objects.add(YAML.treeToValue(doc, type));
            }
        }
        return new Manifest(name, List.copyOf(objects));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<Pod> pods() {
        return all(Pod.class);
    }

    Pod pod() {
        List<Pod> pods = pods();
        if (pods.size() != 1) {
            throw new AssertionError(name + " has " + pods.size() + " pods, expected one");
        }
        return pods.getFirst();
    }

    /** A ConfigMap's files, as the kubelet would project them. */
    Optional<Map<String, byte[]>> configMapFiles(String mapName) {
        return all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals(mapName)).findFirst().map(c -> {
            Map<String, byte[]> files = new LinkedHashMap<>();
            if (c.getData() != null) {
                c.getData().forEach((k, v) -> files.put(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            if (c.getBinaryData() != null) {
                c.getBinaryData().forEach((k, v) -> files.put(k, Base64.getDecoder().decode(v)));
            }
            return files;
        });
    }

    /** A Secret's files: {@code data} is base64, {@code stringData} plain and wins, as the API server merges them. */
    Optional<Map<String, byte[]>> secretFiles(String secretName) {
        return all(Secret.class).stream().filter(s -> s.getMetadata().getName().equals(secretName)).findFirst().map(s -> {
            Map<String, byte[]> files = new LinkedHashMap<>();
            if (s.getData() != null) {
                s.getData().forEach((k, v) -> files.put(k, Base64.getDecoder().decode(v)));
            }
            if (s.getStringData() != null) {
                s.getStringData().forEach((k, v) -> files.put(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            return files;
        });
    }

    /** Every example manifest: examples/&lt;scenario&gt;/*.yaml, found from the it module's directory. */
    static List<Path> examples() throws IOException {
        Path root = examplesDir();
        try (var files = Files.walk(root, 2)) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    static Path examplesDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("examples")) && Files.exists(dir.resolve("mvnw"))) {
                return dir.resolve("examples");
            }
        }
        throw new AssertionError("no examples/ directory above " + Path.of("").toAbsolutePath());
    }
}
