package dev.sidecars.it;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.utility.DockerImageName;

/**
 * A pod from a manifest, run with Docker as a kubelet would run it: one network namespace held by
 * a "pause" container (which also publishes the declared containerPorts to random host ports);
 * volumes (emptyDir, ConfigMap, Secret) materialised as directories; init containers in order,
 * each to completion; native sidecars ({@code restartPolicy: Always}) started in their place and
 * kept running; then the containers. env (literal and secret/configMap refs), command, args, the
 * user, a read-only root filesystem, dropped capabilities and no-new-privileges come from the
 * manifest. App images are replaced by {@link ExampleStandIns}; privileged containers are not run.
 */
final class ManifestPod implements AutoCloseable {

    private final Manifest manifest;
    private final Pod pod;
    private final Path root;
    private final Map<String, Path> volumes = new LinkedHashMap<>();
    private final GenericContainer<?> pause;
    private final Map<String, GenericContainer<?>> running = new LinkedHashMap<>();
    private final List<String> skipped = new ArrayList<>();
    private final Network ownNetwork;

    /**
     * @param externalSecrets Secrets the manifest mounts but does not hold (cert-manager's, or made by the user)
     * @param network         a network the pod joins (to reach stand-in Services by name), or null
     */
    @SuppressWarnings("resource")
    ManifestPod(Manifest manifest, Map<String, Map<String, byte[]>> externalSecrets, Network network) throws IOException {
        this.manifest = manifest;
        this.pod = manifest.pod();
        this.root = Files.createTempDirectory("manifest-pod-" + pod.getMetadata().getName() + "-");
        for (Volume v : pod.getSpec().getVolumes()) {
            volumes.put(v.getName(), materialise(v, externalSecrets));
        }
        List<Integer> ports = new ArrayList<>();
        for (Container c : ManifestChecks.longRunning(pod)) {
            c.getPorts().stream().map(ContainerPort::getContainerPort).forEach(ports::add);
        }
        pause = new GenericContainer<>(ExampleStandIns.image())
                .withCommand("sleep", "2147483647")
                .withStartupCheckStrategy(new StartedIsEnough())
                .waitingFor(new NoWait())
                .withCreateContainerCmdModifier(cmd -> cmd.withName("sidecars-example-" + pod.getMetadata().getName() + "-pause-" + System.nanoTime()));
        pause.setExposedPorts(ports);
        // This engine has no default bridge (containers tests use the host network): a pod without a
        // network of the test's gets one of its own.
        this.ownNetwork = network == null ? Network.newNetwork() : null;
        pause.withNetwork(network == null ? ownNetwork : network);
    }

    private Path materialise(Volume v, Map<String, Map<String, byte[]>> externalSecrets) throws IOException {
        Path dir = Files.createDirectories(root.resolve("volumes").resolve(v.getName()));
        if (v.getEmptyDir() != null) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            return dir;
        }
        Map<String, byte[]> files;
        if (v.getConfigMap() != null) {
            String name = v.getConfigMap().getName();
            files = manifest.configMapFiles(name).orElseThrow(() -> new AssertionError("ConfigMap " + name + " is not in " + manifest.name()));
        } else if (v.getSecret() != null) {
            String name = v.getSecret().getSecretName();
            files = manifest.secretFiles(name).or(() -> java.util.Optional.ofNullable(externalSecrets.get(name)))
                    .orElseThrow(() -> new AssertionError("Secret " + name + " is neither in " + manifest.name() + " nor given to the test"));
        } else {
            throw new AssertionError("volume " + v.getName() + ": only emptyDir, configMap and secret are materialised");
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path file = dir.resolve(f.getKey());
            Files.write(file, f.getValue());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--")); // defaultMode 0644
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /** Publishes every pod port on the same port of 127.0.0.1 (the demo), instead of random host ports. */
    ManifestPod publishOnSamePorts() {
        pause.setPortBindings(pause.getExposedPorts().stream().map(p -> "127.0.0.1:" + p + ":" + p).toList());
        return this;
    }

    /** When Docker started the container (its State.StartedAt). */
    java.time.Instant startedAt(String container) {
        GenericContainer<?> c = running.get(container);
        return java.time.Instant.parse(c.getDockerClient().inspectContainerCmd(c.getContainerId()).exec().getState().getStartedAt());
    }

    /** The Docker name of a started container, for {@code docker logs}. */
    String dockerName(String container) {
        return running.get(container).getContainerName().replaceFirst("^/", "");
    }

    /** Runs the pod: pause, init containers in order (native sidecars kept running), then the containers. */
    void start(Duration initTimeout) throws InterruptedException {
        pause.start();
        for (Container c : pod.getSpec().getInitContainers()) {
            GenericContainer<?> container = create(c);
            if (container == null) {
                continue;
            }
            container.start();
            if (ManifestChecks.isNativeSidecar(c)) {
                continue;
            }
            int status = awaitExit(c.getName(), container, initTimeout);
            if (status != 0) {
                throw new dev.sidecars.it.Pod.PodStartException("init container " + c.getName() + " exited with " + status
                        + "; the pod does not start. Its logs:\n" + logs(c.getName()), c.getName(), status);
            }
        }
        for (Container c : pod.getSpec().getContainers()) {
            GenericContainer<?> container = create(c);
            if (container != null) {
                container.start();
            }
        }
    }

    @SuppressWarnings("resource")
    private GenericContainer<?> create(Container c) {
        SecurityContext sc = c.getSecurityContext();
        if (sc != null && Boolean.TRUE.equals(sc.getPrivileged())) {
            skipped.add(c.getName());
            return null;
        }
        boolean ours = ManifestImages.ours(c.getImage()).isPresent();
        GenericContainer<?> container;
        List<String> command = List.of();
        if (ours) {
            container = new GenericContainer<>(DockerImageName.parse(ManifestImages.ours(c.getImage()).orElseThrow().reference()))
                    .withImagePullPolicy(PullPolicy.alwaysPull());
            command = c.getCommand();
            if (!c.getArgs().isEmpty()) {
                container.withCommand(c.getArgs().toArray(String[]::new));
            }
        } else {
            if (!ExampleStandIns.covers(c.getImage())) {
                throw new AssertionError(c.getImage() + " has no stand-in in ExampleStandIns.TABLE");
            }
            container = new GenericContainer<>(ExampleStandIns.image());
            List<String> standIn = ExampleStandIns.command(c.getImage(), c.getCommand(), c.getArgs());
            container.withCommand(standIn.toArray(String[]::new));
        }
        container.withNetworkMode("container:" + pause.getContainerId())
                .withStartupCheckStrategy(new StartedIsEnough())
                .waitingFor(new NoWait());
        for (Map.Entry<String, String> e : env(c).entrySet()) {
            container.withEnv(e.getKey(), e.getValue());
        }
        for (VolumeMount m : c.getVolumeMounts()) {
            Path source = volumes.get(m.getName());
            if (m.getSubPath() != null && !m.getSubPath().isEmpty()) {
                source = source.resolve(m.getSubPath());
                createSubPath(source); // the kubelet creates a missing subPath directory
            }
            container.withFileSystemBind(source.toString(), m.getMountPath(),
                    Boolean.TRUE.equals(m.getReadOnly()) ? BindMode.READ_ONLY : BindMode.READ_WRITE);
        }
        String user = user(pod.getSpec().getSecurityContext(), sc);
        boolean readOnlyRoot = sc != null && Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem());
        boolean dropAll = sc != null && sc.getCapabilities() != null && sc.getCapabilities().getDrop().contains("ALL");
        boolean noNewPrivileges = sc != null && Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation());
        List<String> entrypoint = command;
        Long memoryLimit = memoryLimit(c);
        String name = "sidecars-example-" + pod.getMetadata().getName() + "-" + c.getName() + "-" + System.nanoTime();
        container.withCreateContainerCmdModifier(cmd -> {
            cmd.withName(name);
            if (!entrypoint.isEmpty()) {
                cmd.withEntrypoint(entrypoint);
            }
            if (user != null) {
                cmd.withUser(user);
            }
            cmd.getHostConfig().withReadonlyRootfs(readOnlyRoot);
            if (dropAll) {
                cmd.getHostConfig().withCapDrop(Capability.ALL);
            }
            if (noNewPrivileges) {
                cmd.getHostConfig().withSecurityOpts(List.of("no-new-privileges"));
            }
            if (memoryLimit != null) {
                // The manifest's limit, as the kubelet sets it: the JVM sizes its heap from this cgroup.
                cmd.getHostConfig().withMemory(memoryLimit).withMemorySwap(memoryLimit);
            }
        });
        running.put(c.getName(), container);
        return container;
    }

    /** {@code resources.limits.memory} in bytes, or null when the manifest sets none. */
    private static Long memoryLimit(Container c) {
        if (c.getResources() == null || c.getResources().getLimits() == null) {
            return null;
        }
        Quantity limit = c.getResources().getLimits().get("memory");
        return limit == null ? null : Quantity.getAmountInBytes(limit).longValueExact();
    }

    /** The memory limit Docker enforces on the container (0: none). */
    long enforcedMemoryLimit(String container) {
        GenericContainer<?> c = running.get(container);
        return c.getDockerClient().inspectContainerCmd(c.getContainerId()).exec().getHostConfig().getMemory();
    }

    /** A container the kernel killed for its memory limit fails the scenario, even if its checks had passed. */
    private void assertNoneKilledForMemory() {
        List<String> killed = new ArrayList<>();
        for (Map.Entry<String, GenericContainer<?>> e : running.entrySet()) {
            String id = e.getValue().getContainerId();
            if (id == null) {
                continue;
            }
            try {
                InspectContainerResponse.ContainerState state = e.getValue().getDockerClient().inspectContainerCmd(id).exec().getState();
                if (Boolean.TRUE.equals(state.getOOMKilled())) {
                    killed.add(e.getKey());
                }
            } catch (RuntimeException gone) {
                // removed already: nothing to inspect
            }
        }
        if (!killed.isEmpty()) {
            throw new AssertionError("killed for exceeding the manifest's memory limit: " + killed);
        }
    }

    private static void createSubPath(Path dir) {
        try {
            if (!Files.exists(dir)) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String user(PodSecurityContext podContext, SecurityContext sc) {
        Long uid = sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser() : podContext == null ? null : podContext.getRunAsUser();
        Long gid = sc != null && sc.getRunAsGroup() != null ? sc.getRunAsGroup() : podContext == null ? null : podContext.getRunAsGroup();
        if (uid == null) {
            return null;
        }
        return gid == null ? uid.toString() : uid + ":" + gid;
    }

    /** Literal values and secretKeyRef/configMapKeyRef resolved from the manifest, as the kubelet does. */
    private Map<String, String> env(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : c.getEnv()) {
            if (e.getValueFrom() == null) {
                env.put(e.getName(), e.getValue() == null ? "" : e.getValue());
            } else if (e.getValueFrom().getSecretKeyRef() != null) {
                var ref = e.getValueFrom().getSecretKeyRef();
                env.put(e.getName(), new String(manifest.secretFiles(ref.getName()).orElseThrow().get(ref.getKey())));
            } else if (e.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = e.getValueFrom().getConfigMapKeyRef();
                env.put(e.getName(), new String(manifest.configMapFiles(ref.getName()).orElseThrow().get(ref.getKey())));
            } else {
                throw new AssertionError(c.getName() + ": env " + e.getName() + ": only secretKeyRef and configMapKeyRef are resolved here");
            }
        }
        return env;
    }

    private int awaitExit(String name, GenericContainer<?> container, Duration timeout) throws InterruptedException {
        DockerClient docker = container.getDockerClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(container.getContainerId()).exec().getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                return state.getExitCodeLong().intValue();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("init container " + name + " did not exit within " + timeout + "; logs:\n" + logs(name));
    }

    /** Polls every readinessProbe (httpGet) of the running containers through the published ports until 200. */
    void awaitReady(Duration timeout) throws InterruptedException {
        for (Container c : ManifestChecks.longRunning(pod)) {
            if (c.getReadinessProbe() == null || c.getReadinessProbe().getHttpGet() == null || skipped.contains(c.getName())) {
                continue;
            }
            var get = c.getReadinessProbe().getHttpGet();
            int port = get.getPort().getIntVal() != null ? get.getPort().getIntVal()
                    : c.getPorts().stream().filter(p -> get.getPort().getStrVal().equals(p.getName())).findFirst().orElseThrow().getContainerPort();
            awaitHttp(c.getName(), port, get.getPath(), r -> r.statusCode() == 200, "200", timeout);
        }
    }

    /** Polls an HTTP path on a pod port (through its published port) until {@code done}, or fails with the container's logs. */
    HttpResponse<String> awaitHttp(String container, int podPort, String path, java.util.function.Predicate<HttpResponse<String>> done,
                                   String what, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = PodContainer.get(hostPort(podPort), path);
                if (done.test(r)) {
                    return r;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(container + ": " + path + " on pod port " + podPort + " did not answer " + what + " within "
                + timeout + " (last: " + last + "); logs:\n" + logs(container));
    }

    /** The host port a pod port is published on. */
    int hostPort(int podPort) {
        return pause.getMappedPort(podPort);
    }

    /** Runs a command in a running container (the app's view: its env, its network namespace). */
    ExecResult exec(String container, String... command) throws IOException, InterruptedException {
        return running.get(container).execInContainer(command);
    }

    String logs(String container) {
        GenericContainer<?> c = running.get(container);
        return c == null || c.getContainerId() == null ? "(not started)" : c.getLogs();
    }

    String stdout(String container) {
        return running.get(container).getLogs(OutputFrame.OutputType.STDOUT);
    }

    Path volume(String name) {
        return volumes.get(name);
    }

    List<String> skipped() {
        return skipped;
    }

    @Override
    public void close() throws IOException {
        try {
            assertNoneKilledForMemory();
        } finally {
            stopAll();
        }
    }

    private void stopAll() throws IOException {
        List<GenericContainer<?>> all = new ArrayList<>(running.values());
        java.util.Collections.reverse(all);
        for (GenericContainer<?> c : all) {
            stopQuietly(c);
        }
        stopQuietly(pause);
        if (ownNetwork != null) {
            ownNetwork.close();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // files written by containers as other users: left in the temp directory
        }
    }

    /** One container that is already gone (a shutdown hook got there first) must not keep the others running. */
    private static void stopQuietly(GenericContainer<?> c) {
        try {
            c.stop();
        } catch (RuntimeException e) {
            // already removed
        }
    }

    private static final class StartedIsEnough extends StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(DockerClient dockerClient, String containerId) {
            return StartupStatus.SUCCESSFUL;
        }
    }

    /** Readiness is what {@link #awaitReady} and the scenarios check; start() only starts. */
    private static final class NoWait extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
        }
    }
}
