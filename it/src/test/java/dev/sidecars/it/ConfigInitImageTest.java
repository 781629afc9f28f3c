package dev.sidecars.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;

/**
 * The timecheck story as a pod: a ConfigMap-like base file, the app's env and a Secret volume go
 * into config-init, which runs as an init container and writes the merged file into an emptyDir;
 * a missing variable fails the init container, and so the pod, with a message naming it.
 */
@ExtendWith(RequiresDocker.class)
class ConfigInitImageTest {

    private static final String BASE = """
            {"Application":{"Name":"timecheck","Environment":"DEV","Port":8080},
             "Database":{"Host":"${DB_HOST:-localhost}","Password":""}}
            """;

    /**
     * The legacy "app": Debian's static busybox (package busybox-static) in an otherwise empty
     * image, built locally, that prints the file it was given. It sees only the shared volume.
     */
    private static String appPrints(Path volume, String file) {
        try (GenericContainer<?> app = new GenericContainer<>(BusyboxApp.image())
                .withNetworkMode("host")
                .withFileSystemBind(volume.toString(), "/config", BindMode.READ_ONLY)
                .withCommand(BusyboxApp.BUSYBOX, "cat", "/config/" + file)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
            app.start();
            return app.getLogs(OutputFrame.OutputType.STDOUT);
        }
    }

    /** Lays out the "volumes" and the init container; the caller adds env and starts the pod. */
    private static PodContainer timecheckPod(Pod pod) throws Exception {
        Path configMap = pod.emptyDir("configmap");
        Files.writeString(configMap.resolve("appsettings.json"), BASE);
        Path secret = pod.emptyDir("secret");
        // A Secret volume as the kubelet writes it: ..<timestamp>/key, ..data -> it, key -> ..data/key.
        Path version = Files.createDirectory(secret.resolve("..2026_01_01_v1"));
        Files.writeString(version.resolve("Database__Password"), "pod-secret\n");
        Files.setPosixFilePermissions(version, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(secret.resolve("..data"), version.getFileName());
        Files.createSymbolicLink(secret.resolve("Database__Password"), Path.of("..data/Database__Password"));
        Path config = pod.emptyDir("config");
        return pod.initContainer("config-init", Images.CONFIG_INIT)
                .mount(configMap, "/etc/timecheck", true)
                .mount(secret, "/var/run/secrets/timecheck", true)
                .mount(config, "/config", false)
                .env("CONFIG_INIT_SOURCES", "/etc/timecheck/appsettings.json")
                .env("CONFIG_INIT_ENV_PREFIX", "APP_")
                .env("CONFIG_INIT_MAP", "Application.Environment=APP_ENVIRONMENT")
                .env("CONFIG_INIT_SECRETS_DIR", "/var/run/secrets/timecheck")
                .env("CONFIG_INIT_OUTPUT", "/config/appsettings.json")
                .env("CONFIG_INIT_OUTPUT_MODE", "0644")
                .env("APP_Application__Port", "9090");
    }

    @Test
    void shouldWriteTheMergedConfigIntoTheSharedVolume() throws Exception {
        try (Pod pod = new Pod("config-init")) {
            PodContainer init = timecheckPod(pod).env("APP_ENVIRONMENT", "TEST").env("DB_HOST", "db.internal");
            pod.start(Duration.ofSeconds(60));
            String merged = appPrints(pod.emptyDir("config"), "appsettings.json");
            assertEquals("""
                    {
                      "Application": {
                        "Name": "timecheck",
                        "Environment": "TEST",
                        "Port": 9090
                      },
                      "Database": {
                        "Host": "db.internal",
                        "Password": "pod-secret"
                      }
                    }
                    """, merged);
            String logs = init.logs();
            assertTrue(logs.contains("Database.Password") && !logs.contains("pod-secret"), "key names only, never the secret: " + logs);
        }
    }

    /**
     * The image ships a JDK AOT cache from a training run at build time (config-init/src/aot). A cache
     * that does not match the image's JVM or class path is silently skipped; AOTMode=on makes that fatal.
     */
    @Test
    @Tag("jvm-only") // the native executable has no JVM to cache for
    void shouldStartFromTheAotCacheItShips() throws Exception {
        try (Pod pod = new Pod("config-init-aot")) {
            PodContainer init = timecheckPod(pod).env("APP_ENVIRONMENT", "TEST")
                    .env("JAVA_TOOL_OPTIONS", "-XX:AOTMode=on -Xlog:aot=info");
            pod.start(Duration.ofSeconds(60));
            String logs = init.logs();
            assertTrue(logs.contains("Opened AOT cache /app/aot/config-init.aot"), logs);
            assertTrue(logs.contains("Using AOT-linked classes: true"), logs);
            assertTrue(appPrints(pod.emptyDir("config"), "appsettings.json").contains("\"Environment\": \"TEST\""));
        }
    }

    @Test
    void shouldStopThePodNamingTheMissingVariable() throws Exception {
        try (Pod pod = new Pod("config-init-missing")) {
            timecheckPod(pod); // APP_ENVIRONMENT, which the mapping needs, is not set
            Pod.PodStartException e = assertThrows(Pod.PodStartException.class, () -> pod.start(Duration.ofSeconds(60)));
            assertEquals(65, e.status, e.getMessage());
            assertTrue(e.getMessage().contains("Application.Environment is mapped from APP_ENVIRONMENT, which is not set"), e.getMessage());
            assertFalse(Files.exists(pod.emptyDir("config").resolve("appsettings.json")), "no output on failure");
        }
    }

    @Test
    void shouldFailNamingTheDependencyThatNeverCameUp() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free again once closed: nothing listens there
        }
        try (Pod pod = new Pod("config-init-wait")) {
            pod.initContainer("wait-for-db", Images.CONFIG_INIT)
                    .env("CONFIG_INIT_WAIT_FOR", "tcp:127.0.0.1:" + port)
                    .env("CONFIG_INIT_WAIT_TIMEOUT", "1s");
            Pod.PodStartException e = assertThrows(Pod.PodStartException.class, () -> pod.start(Duration.ofSeconds(60)));
            assertEquals(75, e.status, e.getMessage());
            assertTrue(e.getMessage().contains("not up within 1s: tcp:127.0.0.1:" + port), e.getMessage());
        }
    }
}
