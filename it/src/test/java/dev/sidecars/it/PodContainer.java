package dev.sidecars.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.utility.DockerImageName;

/**
 * One container of a {@link Pod}: host network (the pod's shared network namespace), volumes bound
 * from the pod's directories, and the image always pulled from the registry, as a kubelet would. It
 * runs as the examples' {@code securityContext} asks: a read-only root file system, every capability
 * dropped, no privilege escalation. A fast path that needs a writable root fails here, not in a pod.
 */
final class PodContainer implements AutoCloseable {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final GenericContainer<?> container;
    private final Map<String, String> env = new LinkedHashMap<>();

    @SuppressWarnings("resource")
    PodContainer(String name, String image) {
        this.name = name;
        this.container = new GenericContainer<>(DockerImageName.parse(image))
                .withNetworkMode("host")
                .withImagePullPolicy(PullPolicy.alwaysPull())
                .withStartupCheckStrategy(new StartedIsEnough())
                .withCreateContainerCmdModifier(cmd -> cmd.withName("sidecars-it-" + name + "-" + System.nanoTime()))
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withReadonlyRootfs(true)
                        .withCapDrop(Capability.ALL).withSecurityOpts(List.of("no-new-privileges")));
    }

    String name() {
        return name;
    }

    PodContainer env(String key, String value) {
        env.put(key, value);
        container.withEnv(key, value);
        return this;
    }

    PodContainer mount(Path hostDir, String containerPath, boolean readOnly) {
        container.withFileSystemBind(hostDir.toString(), containerPath, readOnly ? BindMode.READ_ONLY : BindMode.READ_WRITE);
        return this;
    }

    /** A memory limit as the kubelet sets it from {@code resources.limits.memory} (no swap beyond it). */
    PodContainer memoryLimit(long bytes) {
        container.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withMemory(bytes).withMemorySwap(bytes));
        return this;
    }

    /** Whether the kernel killed the container for exceeding its memory limit. */
    boolean killedForMemory() {
        return Boolean.TRUE.equals(inspect().getState().getOOMKilled());
    }

    void start() {
        container.start();
    }

    String id() {
        return container.getContainerId();
    }

    private DockerClient docker() {
        return container.getDockerClient();
    }

    InspectContainerResponse inspect() {
        return docker().inspectContainerCmd(id()).exec();
    }

    boolean isRunning() {
        Boolean running = inspect().getState().getRunning();
        return running != null && running;
    }

    /** Waits for the container to exit and returns its status; fails after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            InspectContainerResponse.ContainerState state = inspect().getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                return state.getExitCodeLong().intValue();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not exit within " + timeout + "; logs:\n" + logs());
    }

    /** Sends a signal, as the kubelet does (SIGTERM first). */
    void kill(String signal) {
        docker().killContainerCmd(id()).withSignal(signal).exec();
    }

    String logs() {
        return container.getLogs(OutputFrame.OutputType.STDOUT, OutputFrame.OutputType.STDERR);
    }

    String stdout() {
        return container.getLogs(OutputFrame.OutputType.STDOUT);
    }

    String stderr() {
        return container.getLogs(OutputFrame.OutputType.STDERR);
    }

    /** The user the container's main process really runs as, read from the host's /proc. */
    String processUid() throws IOException {
        long pid = inspect().getState().getPidLong();
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Uid:")) {
                return line.substring(4).strip();
            }
        }
        throw new AssertionError("no Uid line for pid " + pid);
    }

    /** Polls an HTTP endpoint on the pod's network until it answers with 200, or fails with the logs. */
    HttpResponse<String> awaitHttpOk(int port, String path, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!isRunning()) {
                throw new AssertionError(name + " exited before " + path + " answered; logs:\n" + logs());
            }
            try {
                HttpResponse<String> response = get(port, path);
                if (response.statusCode() == 200) {
                    return response;
                }
                last = "status " + response.statusCode();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + ": http://127.0.0.1:" + port + path + " did not answer 200 within " + timeout
                + " (" + last + "); logs:\n" + logs());
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        container.stop();
    }

    /** The harness itself decides what a good start is (an exit status, an HTTP answer). */
    private static final class StartedIsEnough extends StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(DockerClient dockerClient, String containerId) {
            return StartupStatus.SUCCESSFUL;
        }
    }
}
