package dev.sidecars.configinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import dev.sidecars.common.ExitCodes;
import dev.sidecars.common.log.Logging;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole runs on real files: the timecheck story, re-runs, failures that must write nothing, templates. */
class ConfigInitRunTest {

    private static final String SECRET = "s3cr3t-Passw0rd";

    @TempDir
    Path dir;
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logged) {
                logged.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger logger = Logger.getLogger("dev.sidecars.configinit");

    @BeforeEach
    void captureLogs() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        logger.removeHandler(capture);
    }

    /** A ConfigMap-like base, a Secret volume laid out as the kubelet does, and the app's env. */
    private Map<String, String> timecheck() throws IOException {
        Path configMap = Files.createDirectories(dir.resolve("configmap"));
        Files.writeString(configMap.resolve("appsettings.json"), """
                {"Application":{"Name":"timecheck","Environment":"DEV","Port":8080,"Debug":false},
                 "Database":{"Host":"${DB_HOST:-localhost}","User":"app","Password":""},
                 "Servers":["a","b"]}
                """);
        Files.writeString(configMap.resolve("zz-logging.yaml"), "Logging:\n  Level: Info\n");
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Path version = Files.createDirectory(secrets.resolve("..2026_01_01_v1"));
        Files.writeString(version.resolve("Database__Password"), SECRET + "\n");
        Files.createSymbolicLink(secrets.resolve("..data"), version.getFileName());
        Files.createSymbolicLink(secrets.resolve("Database__Password"), Path.of("..data/Database__Password"));
        Files.writeString(secrets.resolve(".hidden"), "not a key");
        Map<String, String> env = new HashMap<>();
        env.put("CONFIG_INIT_SOURCES", configMap.toString());
        env.put("CONFIG_INIT_ENV_PREFIX", "APP_");
        env.put("CONFIG_INIT_MAP", "Application.Environment=APP_ENVIRONMENT");
        env.put("CONFIG_INIT_SECRETS_DIR", secrets.toString());
        env.put("CONFIG_INIT_OUTPUT", dir.resolve("out/appsettings.json").toString());
        env.put("APP_ENVIRONMENT", "TEST");
        env.put("APP_APPLICATION__PORT", "9090");
        env.put("APP_Servers__1", "c");
        env.put("DB_HOST", "db.internal");
        return env;
    }

    private int run(Map<String, String> env) throws InterruptedException {
        return run(env, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private int run(Map<String, String> env, PrintStream stdout) throws InterruptedException {
        return new ConfigInit(ConfigInitConfig.fromEnv(env), env, stdout).run();
    }

    @Test
    void shouldMergeBaseEnvAndSecretIntoTheOutput() throws Exception {
        Map<String, String> env = timecheck();
        assertEquals(ExitCodes.OK, run(env));
        Path out = dir.resolve("out/appsettings.json");
        assertEquals(MergeTest.json("""
                {"Application":{"Name":"timecheck","Environment":"TEST","Port":9090,"Debug":false},
                 "Database":{"Host":"db.internal","User":"app","Password":"%s"},
                 "Servers":["a","c"],"Logging":{"Level":"Info"}}""".formatted(SECRET)),
                MergeTest.json(Files.readString(out)));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(List.of(out), files.toList(), "no temp file is left behind");
        }
        synchronized (logged) {
            assertTrue(logged.stream().anyMatch(l -> l.contains("Database.Password") && l.contains("secret file Database__Password")), logged.toString());
            assertTrue(logged.stream().anyMatch(l -> l.contains("Application.Environment") && l.contains("APP_ENVIRONMENT (CONFIG_INIT_MAP)")), logged.toString());
            assertTrue(logged.stream().noneMatch(l -> l.contains(SECRET)), "a secret value was logged: " + logged);
        }
    }

    @Test
    void shouldMergeTomlIniAndPropertiesSourcesFromADirectory() throws Exception {
        Path configMap = Files.createDirectories(dir.resolve("mixed"));
        Files.writeString(configMap.resolve("a-base.toml"), "[Application]\nName = \"timecheck\"\nPort = 8080\n");
        Files.writeString(configMap.resolve("b-legacy.ini"), "[Application]\nEnvironment = DEV\n");
        Files.writeString(configMap.resolve("c-extra.properties"), "Logging.Level=Info\n");
        Map<String, String> env = new HashMap<>(Map.of("CONFIG_INIT_SOURCES", configMap.toString(),
                "CONFIG_INIT_ENV_PREFIX", "APP_", "APP_Application__Port", "9090",
                "CONFIG_INIT_OUTPUT", dir.resolve("out/app.json").toString()));
        assertEquals(ExitCodes.OK, run(env));
        assertEquals(MergeTest.json("{\"Application\":{\"Name\":\"timecheck\",\"Port\":9090,\"Environment\":\"DEV\"},"
                + "\"Logging\":{\"Level\":\"Info\"}}"), MergeTest.json(Files.readString(dir.resolve("out/app.json"))));
    }

    @Test
    void shouldReportEveryMalformedSourceWithItsLineAndWriteNothing() throws Exception {
        Path configMap = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(configMap.resolve("a.json"), "{\n  \"a\": 1,\n}\n");
        Files.writeString(configMap.resolve("b.yaml"), "a: 1\nb: c: d\n");
        Files.writeString(configMap.resolve("c.properties"), "ok=1\nbad=\\u00zz\n");
        Files.writeString(configMap.resolve("d.ini"), "[s]\nno value\n");
        Files.writeString(configMap.resolve("e.toml"), "a = [1, 2\n");
        Map<String, String> env = Map.of("CONFIG_INIT_SOURCES", configMap.toString(),
                "CONFIG_INIT_OUTPUT", dir.resolve("out/app.json").toString());
        assertEquals(ExitCodes.INPUT, run(env));
        assertFalse(Files.exists(dir.resolve("out/app.json")));
        synchronized (logged) {
            for (String where : List.of("a.json:3:1: ", "b.yaml:2:5: mapping values are not allowed here (expected YAML: ", "c.properties:2:5: malformed", "d.ini:2: expected key = value", "e.toml:")) {
                assertTrue(logged.stream().anyMatch(l -> l.contains("invalid input: " + configMap.resolve(where))), where + " in " + logged);
            }
        }
    }

    @Test
    void shouldWriteTheSameBytesWhenRunAgain() throws Exception {
        Map<String, String> env = timecheck();
        assertEquals(ExitCodes.OK, run(env));
        byte[] first = Files.readAllBytes(dir.resolve("out/appsettings.json"));
        assertEquals(ExitCodes.OK, run(env));
        assertEquals(new String(first, StandardCharsets.UTF_8), Files.readString(dir.resolve("out/appsettings.json")));
    }

    @Test
    void shouldFailNamingTheMissingVariableAndKeepTheEarlierOutput() throws Exception {
        Map<String, String> env = timecheck();
        assertEquals(ExitCodes.OK, run(env));
        byte[] before = Files.readAllBytes(dir.resolve("out/appsettings.json"));
        env.remove("APP_ENVIRONMENT");
        Files.writeString(dir.resolve("configmap/extra.json"), "{\"Feature\":\"${FEATURE_FLAG}\"}");
        assertEquals(ExitCodes.INPUT, run(env));
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(dir.resolve("out/appsettings.json")));
        synchronized (logged) {
            assertTrue(logged.stream().anyMatch(l -> l.contains("variable FEATURE_FLAG is not set") && l.contains("extra.json: key Feature")), logged.toString());
            assertTrue(logged.stream().anyMatch(l -> l.contains("mapped from APP_ENVIRONMENT, which is not set")), logged.toString());
        }
    }

    @Test
    void shouldWriteNoFileWhenTheFirstRunFails() throws Exception {
        Map<String, String> env = timecheck();
        env.put("APP_Application__Port", "eighty");
        assertEquals(ExitCodes.INPUT, run(env));
        assertFalse(Files.exists(dir.resolve("out/appsettings.json")));
    }

    @Test
    void shouldReportAMalformedFileWithLineAndColumn() throws Exception {
        Map<String, String> env = timecheck();
        Files.writeString(dir.resolve("configmap/broken.yaml"), "a: 1\n  b: 2\n");
        assertEquals(ExitCodes.INPUT, run(env));
        synchronized (logged) {
            assertTrue(logged.stream().anyMatch(l -> l.matches("(?s).*broken\\.yaml:2:\\d+: .*")), logged.toString());
        }
    }

    @Test
    void shouldSayPlainlyWhenTheOutputCannotBeReplaced() throws Exception {
        Map<String, String> env = timecheck();
        Path taken = Files.createDirectories(dir.resolve("out/appsettings.json/inside"));
        assertEquals(ExitCodes.CANNOT_WRITE, run(env));
        synchronized (logged) {
            assertTrue(logged.stream().anyMatch(l -> l.contains("cannot rename a temporary file over") && l.contains("emptyDir")), logged.toString());
        }
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            assertEquals(List.of(taken.getParent()), files.toList(), "the temp file is removed");
        }
    }

    @Test
    void shouldPrintAMaskedDryRunWithADiffAndWriteNothing() throws Exception {
        Map<String, String> env = timecheck();
        assertEquals(ExitCodes.OK, run(env));
        env.put("CONFIG_INIT_DRY_RUN", "true");
        env.put("APP_Application__Debug", "true");
        Files.delete(dir.resolve("secrets/Database__Password"));
        Files.writeString(dir.resolve("secrets/Database__Password"), "a-new-secret");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] before = Files.readAllBytes(dir.resolve("out/appsettings.json"));
        assertEquals(ExitCodes.OK, run(env, new PrintStream(out, true, StandardCharsets.UTF_8)));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("\"Password\": \"<redacted>\""), printed);
        assertTrue(printed.contains("- Application.Debug=false\n+ Application.Debug=true\n"
                + "- Database.Password=<redacted>\n+ Database.Password=<redacted>\n(2 key(s) differ)"), printed);
        assertFalse(printed.contains(SECRET) || printed.contains("a-new-secret"), printed);
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(dir.resolve("out/appsettings.json")));
    }

    @Test
    void shouldMaskASecretWhoseFileNameHoldsADot() throws Exception {
        Map<String, String> env = timecheck();
        Files.writeString(dir.resolve("secrets/api.key"), "dotted-secret-value");
        env.put("CONFIG_INIT_DRY_RUN", "true");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(ExitCodes.OK, run(env, new PrintStream(out, true, StandardCharsets.UTF_8)));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("\"api.key\": \"<redacted>\"") && printed.contains("+ api.key=<redacted>"), printed);
        assertFalse(printed.contains("dotted-secret-value") || printed.contains(SECRET), printed);
        assertFalse(Files.exists(dir.resolve("out/appsettings.json")), "a dry run writes nothing");
    }

    @Test
    void shouldRenderTemplatesWithTheirModes() throws Exception {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("startup.sh"), "#!/bin/sh\nexec /app --env \"${APP_ENVIRONMENT}\" --cost '$5' --lit '$${X}'\n");
        Files.writeString(templates.resolve("nginx.conf"), "server { listen ${PORT:-8080}; proxy_set_header Host $host; }\n");
        Map<String, String> env = new HashMap<>(Map.of("CONFIG_INIT_TEMPLATES", templates.toString(),
                "CONFIG_INIT_TEMPLATES_OUTPUT", dir.resolve("init").toString(),
                "CONFIG_INIT_TEMPLATE_MODES", "startup.sh=0755",
                "APP_ENVIRONMENT", "TEST"));
        assertEquals(ExitCodes.OK, run(env));
        Path script = dir.resolve("init/startup.sh");
        assertEquals("#!/bin/sh\nexec /app --env \"TEST\" --cost '$5' --lit '${X}'\n", Files.readString(script));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(script)));
        assertEquals("server { listen 8080; proxy_set_header Host $host; }\n", Files.readString(dir.resolve("init/nginx.conf")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("init/nginx.conf"))));
    }

    @Test
    void shouldRenderNoTemplateWhenOneNamesAMissingVariable() throws Exception {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("a.conf"), "ok ${HOME_DIR:-/home}\n");
        Files.writeString(templates.resolve("b.conf"), "line one\nport ${MISSING_PORT}\n");
        Map<String, String> env = Map.of("CONFIG_INIT_TEMPLATES", templates.toString(),
                "CONFIG_INIT_TEMPLATES_OUTPUT", dir.resolve("init").toString());
        assertEquals(ExitCodes.INPUT, run(env));
        assertFalse(Files.exists(dir.resolve("init/a.conf")));
        synchronized (logged) {
            assertTrue(logged.stream().anyMatch(l -> l.contains("b.conf:2:6: variable MISSING_PORT is not set")), logged.toString());
        }
    }

    @Test
    void shouldNotWriteTheMergedFileWhenATemplateFails() throws Exception {
        Map<String, String> env = timecheck();
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("startup.sh"), "exec app ${MISSING_FLAG}\n");
        env.put("CONFIG_INIT_TEMPLATES", templates.toString());
        env.put("CONFIG_INIT_TEMPLATES_OUTPUT", dir.resolve("init").toString());
        assertEquals(ExitCodes.INPUT, run(env));
        assertFalse(Files.exists(dir.resolve("out/appsettings.json")));
        assertFalse(Files.exists(dir.resolve("init/startup.sh")));
    }

    @Test
    void shouldNeverShowAReaderAPartialFile() throws Exception {
        Path out = dir.resolve("atomic.json");
        StringBuilder big = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 20_000; i++) {
            big.append(i == 0 ? "" : ",").append("\"item-").append(i).append('"');
        }
        String a = big + "],\"v\":\"a\"}";
        String b = big + "],\"v\":\"b\"}";
        AtomicWriter.write(out, a, FileModes.parse("0644"));
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> bad = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            int reads = 0;
            while (!done.get() || reads < 50) {
                try {
                    String seen = Files.readString(out);
                    if (!seen.equals(a) && !seen.equals(b)) {
                        bad.set("a read saw " + seen.length() + " chars");
                    }
                    reads++;
                } catch (IOException e) {
                    bad.set(e.toString());
                }
            }
        });
        for (int i = 0; i < 100; i++) {
            AtomicWriter.write(out, i % 2 == 0 ? b : a, FileModes.parse("0644"));
        }
        done.set(true);
        reader.join();
        assertEquals(null, bad.get());
    }

    @Test
    void shouldDoNothingWithoutWork() throws Exception {
        assertEquals(ExitCodes.OK, run(Map.of()));
        synchronized (logged) {
            assertTrue(logged.stream().anyMatch(l -> l.startsWith("nothing to do")), logged.toString());
        }
    }
}
