package dev.sidecars.it;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.sidecars.common.env.ConfigException;
import dev.sidecars.common.env.EnvSchema;
import dev.sidecars.common.env.HostPort;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * The rules every example pod follows, as a pure function from a parsed manifest to a list of
 * problems (empty: valid). Each problem names the file, pod and container.
 */
final class ManifestChecks {

    /** JVM images idle at ~90–150 MiB (bench/RESULTS.md): a lower limit gets them OOM-killed. */
    static final long MIN_JVM_LIMIT = 192L * 1024 * 1024;

    private static final Set<String> ADMIN_PATHS = Set.of("/healthz", "/readyz", "/metrics");

    private final Set<String> appImages;
    private final List<String> problems = new ArrayList<>();

    private ManifestChecks(Set<String> appImages) {
        this.appImages = appImages;
    }

    static List<String> check(Manifest manifest, Set<String> appImages) {
        ManifestChecks checks = new ManifestChecks(appImages);
        for (Pod pod : manifest.pods()) {
            checks.checkPod(manifest.name() + ": pod " + pod.getMetadata().getName(), pod);
            checks.checkReferences(manifest, pod);
        }
        return List.copyOf(checks.problems);
    }

    /** A container running next to the app (regular containers and native sidecars): these share the ports. */
    static boolean isNativeSidecar(Container c) {
        return "Always".equals(c.getRestartPolicy());
    }

    static List<Container> longRunning(Pod pod) {
        List<Container> all = new ArrayList<>();
        pod.getSpec().getInitContainers().stream().filter(ManifestChecks::isNativeSidecar).forEach(all::add);
        all.addAll(pod.getSpec().getContainers());
        return all;
    }

    /** Literal env values; valueFrom entries are known only at run time. */
    static Map<String, String> literalEnv(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : c.getEnv()) {
            if (e.getValueFrom() == null) {
                env.put(e.getName(), e.getValue() == null ? "" : e.getValue());
            }
        }
        return env;
    }

    /** Ports a container listens on: its declared containerPorts and, for ours, every effective *_LISTEN. */
    static Map<Integer, String> listeningPorts(Container c) {
        Map<Integer, String> ports = new LinkedHashMap<>();
        for (ContainerPort p : c.getPorts()) {
            ports.put(p.getContainerPort(), "containerPort " + p.getContainerPort());
        }
        ManifestImages.ours(c.getImage()).ifPresent(image -> {
            try {
                ManifestImages.listens(image, literalEnv(c)).forEach((name, hp) -> ports.put(hp.port(), name + "=" + hp.port()));
            } catch (IllegalArgumentException e) {
                // reported by the env check
            }
        });
        return ports;
    }

    private void checkPod(String where, Pod pod) {
        Set<String> volumes = new HashSet<>();
        for (Volume v : pod.getSpec().getVolumes()) {
            volumes.add(v.getName());
        }
        List<Container> all = new ArrayList<>(pod.getSpec().getInitContainers());
        all.addAll(pod.getSpec().getContainers());
        int initCount = pod.getSpec().getInitContainers().size();
        for (int i = 0; i < all.size(); i++) {
            Container c = all.get(i);
            boolean init = i < initCount;
            String at = where + "/" + c.getName();
            for (VolumeMount m : c.getVolumeMounts()) {
                if (!volumes.contains(m.getName())) {
                    problems.add(at + ": volumeMount " + m.getName() + " at " + m.getMountPath() + " names no volume of the pod");
                }
            }
            Optional<Images> ours = ManifestImages.ours(c.getImage());
            checkImage(at, c, ours);
            ours.ifPresent(image -> checkEnv(at, c, image));
            checkSecurity(at, c, pod.getSpec().getSecurityContext(), ours.isPresent(), init);
            checkResources(at, c, ours.isPresent());
            if (ours.isPresent() && ours.get() != Images.CONFIG_INIT && (isNativeSidecar(c) || !init)) {
                if (c.getReadinessProbe() == null || c.getLivenessProbe() == null) {
                    problems.add(at + ": needs a readinessProbe (/readyz) and a livenessProbe (/healthz) on its admin port");
                }
            }
        }
        checkPorts(where, pod);
        for (Container c : all) {
            for (Probe probe : new Probe[] {c.getReadinessProbe(), c.getLivenessProbe(), c.getStartupProbe()}) {
                if (probe != null) {
                    checkProbe(where + "/" + c.getName(), c, probe, pod);
                }
            }
        }
    }

    /** ConfigMaps the pod mounts are in the manifest; Services select the pod and target its ports. */
    private void checkReferences(Manifest manifest, Pod pod) {
        String where = manifest.name() + ": pod " + pod.getMetadata().getName();
        for (Volume v : pod.getSpec().getVolumes()) {
            if (v.getConfigMap() != null && manifest.configMapFiles(v.getConfigMap().getName()).isEmpty()) {
                problems.add(where + ": volume " + v.getName() + " mounts ConfigMap " + v.getConfigMap().getName()
                        + ", which the manifest does not define");
            }
        }
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        Set<String> portNames = new HashSet<>();
        Set<Integer> portNumbers = new HashSet<>();
        for (Container c : longRunning(pod)) {
            c.getPorts().forEach(p -> {
                portNumbers.add(p.getContainerPort());
                if (p.getName() != null) {
                    portNames.add(p.getName());
                }
            });
        }
        for (Service service : manifest.all(Service.class)) {
            String at = manifest.name() + ": service " + service.getMetadata().getName();
            Map<String, String> selector = service.getSpec().getSelector() == null ? Map.of() : service.getSpec().getSelector();
            if (!labels.entrySet().containsAll(selector.entrySet())) {
                problems.add(at + ": selector " + selector + " does not match the pod's labels " + labels);
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                IntOrString target = port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort();
                boolean found = target.getIntVal() != null ? portNumbers.contains(target.getIntVal()) : portNames.contains(target.getStrVal());
                if (!found) {
                    problems.add(at + ": targetPort " + (target.getIntVal() != null ? target.getIntVal() : target.getStrVal())
                            + " is no containerPort of the pod");
                }
            }
        }
    }

    private void checkImage(String at, Container c, Optional<Images> ours) {
        String ref = c.getImage();
        if (ours.isPresent()) {
            String expected = ManifestImages.OUR_REPOSITORY + ours.get().artifact + ":" + ManifestImages.tag();
            if (!ref.equals(expected)) {
                problems.add(at + ": image " + ref + " should be " + expected);
            }
        } else if (ref.startsWith(ManifestImages.OUR_REPOSITORY)) {
            problems.add(at + ": image " + ref + " is under our repository but is none of our images");
        } else if (!appImages.contains(ref)) {
            problems.add(at + ": image " + ref + " is neither ours nor in examples/README.md's app image table");
        }
    }

    private void checkEnv(String at, Container c, Images image) {
        EnvSchema schema = ManifestImages.declaration(image).schema();
        Map<String, String> env = literalEnv(c);
        for (String warning : schema.unknownVariables(env)) {
            problems.add(at + ": " + warning);
        }
        Set<String> fromRefs = new HashSet<>();
        c.getEnv().stream().filter(e -> e.getValueFrom() != null).forEach(e -> fromRefs.add(e.getName()));
        try {
            schema.parse(env);
        } catch (ConfigException e) {
            for (String problem : e.problems()) {
                String variable = problem.substring(0, Math.max(0, problem.indexOf(':')));
                if (!fromRefs.contains(variable)) {
                    problems.add(at + ": " + problem);
                }
            }
        }
    }

    private void checkSecurity(String at, Container c, PodSecurityContext podContext, boolean ours, boolean init) {
        SecurityContext sc = c.getSecurityContext();
        if (sc != null && Boolean.TRUE.equals(sc.getPrivileged())) {
            // The seed's sysctl: allowed only as a short-lived init container of an app image.
            if (ours || isNativeSidecar(c) || !init) {
                problems.add(at + ": privileged is allowed only for a run-to-completion init container of an app image");
            }
            return;
        }
        Boolean nonRoot = sc != null && sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot()
                : podContext == null ? null : podContext.getRunAsNonRoot();
        if (!Boolean.TRUE.equals(nonRoot)) {
            problems.add(at + ": runAsNonRoot must be true (pod or container securityContext)");
        }
        if (sc == null) {
            problems.add(at + ": no securityContext (readOnlyRootFilesystem, allowPrivilegeEscalation: false, capabilities.drop: [ALL])");
            return;
        }
        if (ours ? !Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem()) : sc.getReadOnlyRootFilesystem() == null) {
            problems.add(at + ": readOnlyRootFilesystem must be " + (ours ? "true" : "set (true, or false with a reason)"));
        }
        if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
            problems.add(at + ": allowPrivilegeEscalation must be false");
        }
        if (sc.getCapabilities() == null || !sc.getCapabilities().getDrop().contains("ALL")) {
            problems.add(at + ": capabilities.drop must contain ALL");
        }
    }

    private void checkResources(String at, Container c, boolean ours) {
        var r = c.getResources();
        Quantity request = r == null ? null : r.getRequests().get("memory");
        Quantity limit = r == null ? null : r.getLimits().get("memory");
        if (request == null || limit == null) {
            problems.add(at + ": needs resources.requests.memory and resources.limits.memory");
            return;
        }
        if (ours && Quantity.getAmountInBytes(limit).longValue() < MIN_JVM_LIMIT) {
            problems.add(at + ": memory limit " + limit + " is below 192Mi; a JVM sidecar idles at ~90-150 MiB");
        }
        if (Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) > 0) {
            problems.add(at + ": memory request " + request + " is above the limit " + limit);
        }
    }

    private void checkPorts(String where, Pod pod) {
        Map<Integer, String> owner = new LinkedHashMap<>();
        for (Container c : longRunning(pod)) {
            for (Map.Entry<Integer, String> port : listeningPorts(c).entrySet()) {
                String previous = owner.putIfAbsent(port.getKey(), c.getName() + " (" + port.getValue() + ")");
                if (previous != null && !previous.startsWith(c.getName() + " ")) {
                    problems.add(where + ": port " + port.getKey() + " is used by " + previous + " and by "
                            + c.getName() + " (" + port.getValue() + ")");
                }
            }
            ManifestImages.ours(c.getImage()).ifPresent(image -> {
                Set<Integer> listens = new HashSet<>();
                try {
                    ManifestImages.listens(image, literalEnv(c)).values().forEach(hp -> listens.add(hp.port()));
                } catch (IllegalArgumentException e) {
                    return;
                }
                for (ContainerPort p : c.getPorts()) {
                    if (!listens.contains(p.getContainerPort())) {
                        problems.add(where + "/" + c.getName() + ": containerPort " + p.getContainerPort()
                                + " is not where the image listens " + listens);
                    }
                }
            });
        }
    }

    private void checkProbe(String at, Container c, Probe probe, Pod pod) {
        IntOrString portRef;
        String path = null;
        if (probe.getHttpGet() != null) {
            portRef = probe.getHttpGet().getPort();
            path = probe.getHttpGet().getPath() == null ? "/" : probe.getHttpGet().getPath();
        } else if (probe.getTcpSocket() != null) {
            portRef = probe.getTcpSocket().getPort();
        } else {
            return; // exec and grpc probes: nothing to match
        }
        Integer port = resolvePort(c, portRef);
        if (port == null) {
            problems.add(at + ": probe port " + portRef.getStrVal() + " names no port of the container");
            return;
        }
        for (Container target : longRunning(pod)) {
            Optional<Images> ours = ManifestImages.ours(target.getImage());
            if (ours.isEmpty()) {
                if (target.getPorts().stream().anyMatch(p -> p.getContainerPort().equals(port))) {
                    return; // the app serves its own paths
                }
                continue;
            }
            Map<String, String> env = literalEnv(target);
            Map<String, HostPort> listens;
            try {
                listens = ManifestImages.listens(ours.get(), env);
            } catch (IllegalArgumentException e) {
                return;
            }
            for (Map.Entry<String, HostPort> listen : listens.entrySet()) {
                if (listen.getValue().port() != port) {
                    continue;
                }
                if (isLoopback(listen.getValue().host())) {
                    problems.add(at + ": probe port " + port + " is bound to loopback by " + target.getName()
                            + "; the kubelet probes the pod IP");
                    return;
                }
                if (path == null) {
                    return;
                }
                Set<String> served = listen.getKey().endsWith("ADMIN_LISTEN") ? ADMIN_PATHS : servedPaths(ours.get(), env);
                if (served != null && !served.contains(path)) {
                    problems.add(at + ": probe path " + path + " on port " + port + " is not served by "
                            + target.getName() + " (it serves " + served + ")");
                }
                return;
            }
        }
        problems.add(at + ": probe port " + port + " is served by no container of the pod");
    }

    private static boolean isLoopback(String host) {
        return host.startsWith("127.") || host.equals("localhost") || host.equals("::1");
    }

    private static Integer resolvePort(Container c, IntOrString ref) {
        if (ref.getIntVal() != null) {
            return ref.getIntVal();
        }
        return c.getPorts().stream().filter(p -> ref.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElse(null);
    }

    /** Paths the image's data port serves with this env; null when unknowable (a config file declares them). */
    static Set<String> servedPaths(Images image, Map<String, String> env) {
        if (image != Images.METRICS_ADAPTER) {
            return Set.of();
        }
        if (env.containsKey("ADAPTER_CONFIG_FILE")) {
            return null;
        }
        Set<String> paths = new HashSet<>();
        if (env.containsKey("ADAPTER_HEALTH_CHECK")) {
            paths.add(env.getOrDefault("ADAPTER_HEALTH_PATH", "/health"));
        }
        if (env.containsKey("ADAPTER_JSON_URL")) {
            paths.add(env.getOrDefault("ADAPTER_METRICS_PATH", "/metrics"));
        }
        if (env.containsKey("ADAPTER_PROM_URL")) {
            paths.add(env.getOrDefault("ADAPTER_PROM_PATH", "/metrics"));
        }
        if (env.containsKey("ADAPTER_APP_LOG")) {
            paths.add(env.getOrDefault("ADAPTER_APP_LOG_PATH", "/metrics"));
        }
        if (env.containsKey("ADAPTER_STATIC_PATH")) {
            paths.add(env.get("ADAPTER_STATIC_PATH"));
        }
        for (String forward : env.getOrDefault("ADAPTER_FORWARD", "").split(",")) {
            if (forward.contains("=")) {
                paths.add(forward.substring(0, forward.indexOf('=')).strip());
            }
        }
        return paths;
    }
}
