package sidecars.nativeimage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Plain-Java tests of the launcher's option translation (run by toolchain.sh; no test framework so
 * the toolchain does not need the Maven project). Prints one line per check and
 * "N passed, M failed"; exits 1 on any failure.
 */
public final class TranslatorTest {
    private static int passed;
    private static int failed;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("translator-test");
        nativeMavenPluginCommandLine(dir);
        apiOptions(dir);
        metaInf(dir);
        argFileSyntax();
        errors(dir);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        System.out.println(passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }

    /** What native-maven-plugin 0.11/1.1 writes: an @argfile with -cp, -o, options; main class after it. */
    static void nativeMavenPluginCommandLine(Path dir) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("target/classes"));
        Path jar = jar(dir.resolve("lib/dep.jar"), Map.of(
                "META-INF/native-image/org.example/dep/native-image.properties",
                "Args = --initialize-at-build-time=org.example.a,org.example.b \\\n  --initialize-at-run-time=org.example.C \\\n"
                        + "  -H:ResourceConfigurationResources=${.}/res.json\nJavaArgs = -Dfrom.props=1\n",
                "META-INF/native-image/org.example/dep/reflect-config.json", "[]"));
        Path argfile = dir.resolve("target/tmp/native-image-123.args");
        Files.createDirectories(argfile.getParent());
        Files.writeString(argfile, String.join("\n",
                "-cp", classes + ":" + jar, "--no-fallback", "-o", dir.resolve("target/app").toString(),
                "-H:+UnlockExperimentalVMOptions", "-H:ConfigurationFileDirectories=" + dir.resolve("meta/a") + "," + dir.resolve("meta/b"),
                "--exclude-config", "\\Qother.jar\\E", "\"^/META-INF/native-image/.*\"",
                "-Dbuild.prop=x", "-J-Xmx3g", "-march=x86-64-v3", "-O2", "--gc=serial",
                "--enable-url-protocols=http,https", "--features=org.example.F", "--enable-native-access=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-R:MaxHeapSize=64m", "--verbose", "-H:+BuildOutputColorful", "--color=never"));
        Translator.Plan p = translate(dir, "@target/tmp/native-image-123.args", "org.example.Main");
        eq(p.mainClass, "org.example.Main", "main class is the positional argument after the argfile");
        eq(p.imageName, "app", "-o: image name");
        eq(p.imagePath, dir.resolve("target").toString(), "-o: image directory");
        eq(p.classpath, List.of(classes.toString(), jar.toString()), "-cp entries");
        has(p.builderArgs, "-H:ConfigurationFileDirectories=" + dir.resolve("meta/a") + "," + dir.resolve("meta/b"), "-H:ConfigurationFileDirectories passes through");
        has(p.builderArgs, "-H:+UnlockExperimentalVMOptions", "-H: options pass through");
        has(p.builderArgs, "-R:MaxHeapSize=64m", "-R: options pass through");
        has(p.builderArgs, "-H:MicroArchitecture=x86-64-v3", "-march=");
        has(p.builderArgs, "-H:Optimize=2", "-O2");
        has(p.builderArgs, "-H:+UseSerialGC", "--gc=serial");
        has(p.builderArgs, "-H:EnableURLProtocols=http,https", "--enable-url-protocols");
        has(p.builderArgs, "-H:Features=org.example.F", "--features");
        has(p.builderArgs, "-H:EnableNativeAccess=ALL-UNNAMED", "--enable-native-access");
        has(p.builderArgs, "-H:AddExports=java.base/jdk.internal.misc=ALL-UNNAMED", "--add-exports");
        has(p.builderArgs, "-H:AddOpens=java.base/java.lang=ALL-UNNAMED", "--add-opens");
        has(p.builderArgs, "-H:Color=never", "--color=never");
        has(p.builderJavaArgs, "-Xmx3g", "-J-Xmx3g goes to the builder JVM");
        has(p.builderJavaArgs, "-Dbuild.prop=x", "-D is a build-time system property");
        check(p.verbose, "--verbose");
        // from the jar's native-image.properties
        has(p.builderArgs, "-H:ClassInitialization=org.example.a:build_time,org.example.b:build_time", "Args: --initialize-at-build-time (line continuation)");
        has(p.builderArgs, "-H:ClassInitialization=org.example.C:run_time", "Args: --initialize-at-run-time");
        has(p.builderArgs, "-H:ResourceConfigurationResources=META-INF/native-image/org.example/dep/res.json", "Args: ${.} is the properties file's resource directory");
        has(p.builderJavaArgs, "-Dfrom.props=1", "JavaArgs go to the builder JVM");
        eq(p.jarConfigDirs.get(jar.toString()), List.of("META-INF/native-image/org.example/dep"), "the jar's configuration directory is passed on");
    }

    static void apiOptions(Path dir) throws Exception {
        Translator.Plan p = translate(dir, "-cp", dir.toString(), "--initialize-at-build-time", "--gc=epsilon", "-Ob",
                "--enable-http", "--enable-https", "--shared", "-g", "--link-at-build-time", "--parallelism=2", "--static-nolibc",
                "--enable-monitoring=heapdump,jfr", "--future-defaults=all", "--report-unsupported-elements-at-runtime", "--libc=glibc",
                "--target=linux-amd64", "-EFOO=bar", "Main", "myimage");
        has(p.builderArgs, "-H:ClassInitialization=:build_time", "--initialize-at-build-time without a value");
        has(p.builderArgs, "-H:+UseEpsilonGC", "--gc=epsilon");
        has(p.builderArgs, "-H:Optimize=b", "-Ob");
        has(p.builderArgs, "-H:EnableURLProtocols=http", "--enable-http");
        has(p.builderArgs, "-H:EnableURLProtocols=https", "--enable-https");
        has(p.builderArgs, "-H:+SharedLibrary", "--shared");
        has(p.builderArgs, "-H:GenerateDebugInfo=2", "-g");
        has(p.builderArgs, "-H:LinkAtBuildTime=", "--link-at-build-time");
        has(p.builderArgs, "-H:NumberOfThreads=2", "--parallelism");
        has(p.builderArgs, "-H:+StaticExecutableWithDynamicLibC", "--static-nolibc");
        has(p.builderArgs, "-H:EnableMonitoringFeatures=heapdump,jfr", "--enable-monitoring=");
        has(p.builderArgs, "-H:FutureDefaults=all", "--future-defaults");
        eq(p.environment.get("FOO"), "bar", "-EFOO=bar passes an environment variable to the builder");
        check(p.warnings.stream().anyMatch(w -> w.contains("--report-unsupported-elements-at-runtime")), "a deprecated no-op option is a warning, not silent");
        eq(p.mainClass, "Main", "main class");
        eq(p.imageName, "myimage", "second positional argument is the image name");
        check(translate(dir, "--version").version, "--version");
    }

    static void metaInf(Path dir) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("m/classes/META-INF/native-image/g/a"));
        Files.writeString(classes.resolve("native-image.properties"), "ImageName = fromprops\nArgs = --enable-url-protocols=https\n");
        Files.writeString(classes.resolve("reachability-metadata.json"), "{}");
        Path excluded = jar(dir.resolve("m/excluded.jar"), Map.of(
                "META-INF/native-image/x/y/native-image.properties", "Args = --initialize-at-build-time=should.not.Appear\n",
                "META-INF/native-image/x/y/reflect-config.json", "[]"));
        // as native-maven-plugin writes it: a quoted jar path and a prefix
        Translator.Plan p = translate(dir, "-cp", dir.resolve("m/classes") + ":" + excluded,
                "--exclude-config", "\\Q" + excluded + "\\E", "^/META-INF/native-image/", "Main");
        eq(p.imageName, "fromprops", "ImageName from a directory entry's properties");
        has(p.builderArgs, "-H:EnableURLProtocols=https", "Args from a directory entry");
        has(p.configDirectories, classes.toString(), "a directory entry's configuration directory");
        check(p.builderArgs.stream().noneMatch(a -> a.contains("should.not.Appear")), "--exclude-config skips the excluded jar's properties");
        check(!p.jarConfigDirs.containsKey(excluded.toString()), "--exclude-config skips the excluded jar's configuration");
        Translator.Plan q = translate(dir, "-cp", dir.resolve("m/classes").toString(), "-o", "explicit", "Main");
        eq(q.imageName, "explicit", "-o wins over ImageName");
    }

    static void argFileSyntax() {
        eq(ArgFiles.tokenize("a 'b c' \"d\\\"e\" # comment\nf \"g\\\n   h\""), List.of("a", "b c", "d\"e", "f", "gh"), "argfile: quotes, escapes, comments, continuation in quotes");
        eq(ArgFiles.tokenize("\\Qx.jar\\E \"^/META-INF/native-image/.*\""), List.of("\\Qx.jar\\E", "^/META-INF/native-image/.*"), "argfile: backslashes outside quotes are literal (NBT's --exclude-config)");
        eq(ArgFiles.tokenize("\"a\\\\b\" 'c\\\\d'"), List.of("a\\b", "c\\d"), "argfile: a doubled backslash in quotes is one");
    }

    static void errors(Path dir) throws Exception {
        fails(dir, "unsupported option '--pgo-instrument'", "--pgo-instrument", "Main");
        fails(dir, "unsupported option '--bogus'", "--bogus", "Main");
        fails(dir, "--gc=G1 needs Oracle GraalVM", "--gc=G1", "Main");
        fails(dir, "no main class", "-cp", dir.toString());
        fails(dir, "--exclude-config needs two arguments", "--exclude-config", "x");
        fails(dir, "--force-fallback is not supported", "--force-fallback", "Main");
        fails(dir, "unsupported optimization level", "-O9", "Main");
        Path bad = jarQuiet(dir.resolve("bad.jar"), Map.of("META-INF/native-image/b/b/native-image.properties", "Args = --no-such-thing\n"));
        fails(dir, "unsupported option '--no-such-thing'", "-cp", bad.toString(), "Main");
    }

    // ---- helpers ----

    static Translator.Plan translate(Path dir, String... args) throws Exception {
        return new Translator(dir, k -> k.equals("FOO") ? "fromenv" : null).translate(List.of(args));
    }

    static void fails(Path dir, String message, String... args) {
        try {
            translate(dir, args);
            check(false, "fails: " + String.join(" ", args));
        } catch (Translator.UsageException e) {
            check(e.getMessage().contains(message), "fails with \"" + message + "\": " + String.join(" ", args) + (e.getMessage().contains(message) ? "" : " (got: " + e.getMessage() + ")"));
        } catch (Exception e) {
            check(false, "fails with a usage error, not " + e);
        }
    }

    static Path jarQuiet(Path p, Map<String, String> entries) {
        try {
            return jar(p, entries);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    static Path jar(Path p, Map<String, String> entries) throws IOException {
        Files.createDirectories(p.getParent());
        try (OutputStream os = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(os)) {
            for (var e : new java.util.TreeMap<>(entries).entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return p;
    }

    static void check(boolean ok, String what) {
        if (ok) {
            passed++;
            System.out.println("ok " + (passed + failed) + " - " + what);
        } else {
            failed++;
            System.out.println("not ok " + (passed + failed) + " - " + what);
        }
    }

    static void eq(Object got, Object want, String what) {
        boolean ok = java.util.Objects.equals(got, want);
        check(ok, what + (ok ? "" : " (got " + got + ", want " + want + ")"));
    }

    static void has(List<String> list, String item, String what) {
        boolean ok = list.contains(item);
        check(ok, what + (ok ? "" : " (" + item + " not in " + new ArrayList<>(list) + ")"));
    }
}
