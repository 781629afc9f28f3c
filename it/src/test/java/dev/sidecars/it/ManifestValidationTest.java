package dev.sidecars.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest under examples/ parsed as Kubernetes objects and checked against the images'
 * own declarations ({@link ManifestChecks}); and a valid pod broken one way at a time, to prove
 * that each rule can fail.
 */
class ManifestValidationTest {

    static Stream<Path> examples() throws IOException {
        return Manifest.examples().stream();
    }

    @Test
    void shouldFindAManifestForEveryScenario() throws IOException {
        List<String> folders = Manifest.examples().stream().map(p -> p.getParent().getFileName().toString()).toList();
        for (String scenario : List.of("elasticsearch-tls", "timecheck", "timecheck-config", "numbers-egress",
                "wait-for-dependencies", "all-in-one")) {
            assertTrue(folders.contains(scenario), "no manifest for " + scenario + " in " + folders);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void shouldValidateEveryExampleManifest(Path file) throws IOException {
        Manifest manifest = Manifest.load(file);
        assertNotEquals(List.of(), manifest.pods(), file + " has no pod");
        List<String> problems = ManifestChecks.check(manifest, ManifestImages.appImages());
        assertEquals(List.of(), problems, file + ":\n" + String.join("\n", problems));
    }

    @Test
    void shouldParseCertManagerAndNetworkPolicyObjects() throws IOException {
        Manifest es = Manifest.load(Manifest.examplesDir().resolve("elasticsearch-tls/pod.yaml"));
        GenericKubernetesResource certificate = es.all(GenericKubernetesResource.class).getFirst();
        assertEquals("Certificate", certificate.getKind());
        assertEquals("elasticsearch-tls", ((java.util.Map<?, ?>) certificate.getAdditionalProperties().get("spec")).get("secretName"));
        Manifest numbers = Manifest.load(Manifest.examplesDir().resolve("numbers-egress/pod.yaml"));
        assertEquals(List.of("Egress"), numbers.all(NetworkPolicy.class).getFirst().getSpec().getPolicyTypes());
    }

    @Test
    void shouldListOnlyAppImagesTheExamplesUse() throws IOException {
        Set<String> used = new java.util.HashSet<>();
        for (Path file : Manifest.examples()) {
            for (var pod : Manifest.load(file).pods()) {
                pod.getSpec().getInitContainers().forEach(c -> used.add(c.getImage()));
                pod.getSpec().getContainers().forEach(c -> used.add(c.getImage()));
            }
        }
        for (String app : ManifestImages.appImages()) {
            assertTrue(used.contains(app), "examples/README.md lists " + app + " but no example uses it");
        }
    }

    // A small valid pod: an app and the log tailer. Each case below breaks one thing.
    private static final String VALID = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, labels: {app: p}}
            spec:
              securityContext: {runAsNonRoot: true}
              containers:
                - name: app
                  image: busybox:1.36
                  ports: [{name: http, containerPort: 8080}]
                  readinessProbe: {httpGet: {path: /, port: http}}
                  volumeMounts: [{name: logs, mountPath: /var/log}]
                  securityContext: {readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                  resources: {requests: {memory: 16Mi}, limits: {memory: 32Mi}}
                - name: logs
                  image: 127.0.0.1:5000/sidecars/log-tailer:TAG
                  env: [{name: TAILER_PATHS, value: /logs/*.log}]
                  ports: [{name: admin, containerPort: 9903}]
                  readinessProbe: {httpGet: {path: /readyz, port: admin}}
                  livenessProbe: {httpGet: {path: /healthz, port: admin}}
                  volumeMounts: [{name: logs, mountPath: /logs}, {name: tmp, mountPath: /tmp}]
                  securityContext: {readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                  resources: {requests: {memory: 128Mi}, limits: {memory: 192Mi}}
              volumes: [{name: logs, emptyDir: {}}, {name: tmp, emptyDir: {}}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: p}
            spec:
              selector: {app: p}
              ports: [{name: http, port: 80, targetPort: http}]
            """;

    private static List<String> problemsOf(String yaml) throws IOException {
        return ManifestChecks.check(Manifest.parse("test.yaml", yaml.replace("TAG", ManifestImages.tag())), Set.of("busybox:1.36"));
    }

    @Test
    void shouldAcceptTheValidPod() throws IOException {
        assertEquals(List.of(), problemsOf(VALID));
    }

    static Stream<Arguments> brokenPods() {
        return Stream.of(
                Arguments.of("env var typo", "{name: TAILER_PATHS,", "{name: TAILER_PATH,", "unknown variable TAILER_PATH is ignored; did you mean TAILER_PATHS?"),
                Arguments.of("invalid listen address", "{name: TAILER_PATHS, value: /logs/*.log}", "{name: TAILER_ADMIN_LISTEN, value: 'no port'}", "TAILER_ADMIN_LISTEN: \"no port\""),
                Arguments.of("undocumented app image", "image: busybox:1.36", "image: nginx:latest", "nginx:latest is neither ours nor"),
                Arguments.of("unknown image of ours", "sidecars/log-tailer:", "sidecars/log-tailor:", "none of our images"),
                Arguments.of("stale tag", "log-tailer:TAG", "log-tailer:0.0.1", "should be 127.0.0.1:5000/sidecars/log-tailer:"),
                Arguments.of("two containers on one port", "containerPort: 8080", "containerPort: 9903", "port 9903 is used by app"),
                Arguments.of("probe path not served", "path: /readyz", "path: /ready", "probe path /ready on port 9903 is not served by logs"),
                Arguments.of("probe port name unknown", "path: /healthz, port: admin", "path: /healthz, port: admn", "probe port admn names no port"),
                Arguments.of("probe port nobody serves", "path: /, port: http", "path: /, port: 7000", "probe port 7000 is served by no container"),
                Arguments.of("mount of an undeclared volume", "{name: logs, mountPath: /var/log}", "{name: cache, mountPath: /var/log}", "volumeMount cache at /var/log names no volume"),
                Arguments.of("JVM limit too small", "limits: {memory: 192Mi}", "limits: {memory: 128Mi}", "memory limit 128Mi is below 192Mi"),
                Arguments.of("no memory limit", "limits: {memory: 32Mi}", "limits: {cpu: 100m}", "app: needs resources.requests.memory and resources.limits.memory"),
                Arguments.of("root allowed", "runAsNonRoot: true", "runAsNonRoot: false", "runAsNonRoot must be true"),
                Arguments.of("capabilities kept", "allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n      resources: {requests: {memory: 128Mi}",
                        "allowPrivilegeEscalation: false, capabilities: {drop: [NET_RAW]}}\n      resources: {requests: {memory: 128Mi}", "logs: capabilities.drop must contain ALL"),
                Arguments.of("privileged app container", "{readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n      resources: {requests: {memory: 16Mi}",
                        "{privileged: true}\n      resources: {requests: {memory: 16Mi}", "app: privileged is allowed only"),
                Arguments.of("containerPort where ours does not listen", "containerPort: 9903", "containerPort: 9909", "containerPort 9909 is not where the image listens"),
                Arguments.of("ConfigMap not in the manifest", "{name: tmp, emptyDir: {}}]", "{name: tmp, configMap: {name: nowhere}}]", "mounts ConfigMap nowhere, which the manifest does not define"),
                Arguments.of("Service selecting another pod", "selector: {app: p}", "selector: {app: q}", "does not match the pod's labels"),
                Arguments.of("Service targeting no port", "targetPort: http}", "targetPort: web}", "targetPort web is no containerPort"),
                Arguments.of("sidecar without probes", "      livenessProbe: {httpGet: {path: /healthz, port: admin}}\n", "", "needs a readinessProbe"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenPods")
    void shouldRejectABrokenPod(String what, String from, String to, String expected) throws IOException {
        String valid = VALID;
        assertTrue(valid.contains(from), what + ": the valid pod has no " + from);
        List<String> problems = problemsOf(valid.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), what + ": expected a problem containing \"" + expected
                + "\", got:\n" + String.join("\n", problems));
    }

    @Test
    void shouldRejectYamlTheModelCannotBind() {
        assertThrows(IOException.class, () -> Manifest.parse("bad.yaml", VALID.replace("containerPort: 8080", "containerPort: eighty")));
    }
}
