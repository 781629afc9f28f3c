package sidecars.nativeimage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@code bin/native-image} of the sidecars toolchain: a stand-in for GraalVM's native-image driver
 * (which Maven Central does not serve), in front of the GraalVM builder jars it does serve.
 *
 * <p>It translates the command line ({@link Translator}), then starts the builder
 * ({@code com.oracle.svm.hosted.NativeImageGeneratorRunner}) on this toolchain's own JDK, with what
 * GraalVM's driver would add: the builder's module path and upgrade module path, the
 * {@code --add-exports} the builder needs (lib/svm/builder/exports.args, computed when the toolchain
 * was built), {@code -Dorg.graalvm.nativeimage.imagecode=buildtime}, a fresh
 * {@code -H:ImageBuildID}, the image class path ({@code -imagecp}) and the C library path with our
 * C helpers ({@code -H:CLibraryPath}). Configuration directories found inside jars are extracted to a
 * temporary directory (so {@code --exclude-config} applies per jar) and passed with
 * {@code -H:ConfigurationFileDirectories}.
 */
public final class NativeImage {

    private NativeImage() {
    }

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("sidecars.toolchain.home", "")).toAbsolutePath();
        Properties info = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("lib/svm/toolchain.properties"))) {
            info.load(in);
        } catch (IOException e) {
            System.err.println("native-image: this toolchain is incomplete (" + e.getMessage() + "); run images/native/toolchain.sh");
            System.exit(1);
        }
        Translator.Plan plan;
        try {
            plan = new Translator(Path.of("").toAbsolutePath(), System::getenv).translate(List.of(args));
        } catch (Translator.UsageException e) {
            System.err.println("Error: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IOException e) {
            System.err.println("Error: " + e);
            System.exit(2);
            return;
        }
        if (plan.version) {
            System.out.println(versionText(info));
            return;
        }
        if (plan.help) {
            System.out.println(helpText(info));
            return;
        }
        plan.warnings.forEach(w -> System.err.println("Warning: " + w));
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("native-image-config-");
            List<String> command = builderCommand(home, info, plan, tmp);
            if (plan.verbose || plan.dryRun) {
                System.err.println("Executing [");
                command.forEach(c -> System.err.println("  " + c));
                System.err.println("]");
            }
            if (plan.dryRun) {
                return;
            }
            Files.createDirectories(Path.of(plan.imagePath));
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
            sanitizeEnvironment(pb.environment(), plan.environment);
            Process p = pb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            int rc = p.waitFor();
            System.exit(rc);
        } catch (IOException e) {
            System.err.println("Error: " + e);
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        } finally {
            deleteTree(tmp);
        }
    }

    static String versionText(Properties info) {
        String v = info.getProperty("graalvm.version");
        String java = info.getProperty("java.runtime.version");
        String vendor = "GraalVM CE " + v + " builder on " + info.getProperty("java.vendor.version") + " (sidecars toolchain)";
        return "native-image " + v + " " + info.getProperty("java.version.date") + "\n"
                + "GraalVM Runtime Environment " + info.getProperty("java.vendor.version") + " with GraalVM CE " + v
                + " builder (sidecars toolchain) (build " + java + ")\n"
                + "Substrate VM " + vendor + " (build " + java + ", serial gc)";
    }

    static String helpText(Properties info) {
        return "native-image (sidecars toolchain, GraalVM CE " + info.getProperty("graalvm.version") + " builder)\n"
                + "usage: native-image [options] <mainclass> [imagename]\n"
                + "   or  native-image [options] -jar <jarfile> [imagename]\n"
                + "The options of GraalVM 25's driver that build tools pass are supported: -cp/--class-path, -o, -jar,\n"
                + "-H:..., -R:..., -J..., -D..., -E..., -O<level>, -march=, -g, --gc=serial|epsilon, --no-fallback,\n"
                + "--initialize-at-build-time=, --initialize-at-run-time=, --enable-url-protocols=, --enable-http(s),\n"
                + "--features=, --enable-native-access=, --add-exports/--add-opens/--add-reads=, --exclude-config,\n"
                + "--shared, --static, --verbose, --dry-run, --version, @argfiles. Anything else is an error.\n"
                + "See images/native/README.md of the sidecars project.";
    }

    static List<String> builderCommand(Path home, Properties info, Translator.Plan plan, Path tmp) throws IOException {
        Path builder = home.resolve("lib/svm/builder");
        List<String> modulePath = new ArrayList<>();
        for (String jar : info.getProperty("builder.modulepath").split(",")) {
            modulePath.add(home.resolve(jar.trim()).toString());
        }
        List<String> upgrade = new ArrayList<>();
        for (String jar : info.getProperty("builder.upgrademodulepath").split(",")) {
            upgrade.add(home.resolve(jar.trim()).toString());
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/java").toString());
        // The builder JVM: JVMCI on (Temurin 25 has it, disabled by default), Graal as a library only.
        cmd.add("-XX:+UnlockExperimentalVMOptions");
        cmd.add("-XX:+EnableJVMCI");
        cmd.add("-XX:-UseJVMCICompiler");
        cmd.add("-XX:+UseParallelGC");
        cmd.add("-XX:MaxRAMPercentage=" + info.getProperty("builder.maxrampercentage", "40"));
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-Xss10m");
        cmd.add("-Xshare:off");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader");
        cmd.add("-Dorg.graalvm.nativeimage.imagecode=buildtime");
        cmd.add("-Dorg.graalvm.version=" + info.getProperty("graalvm.version"));
        cmd.add("-Dorg.graalvm.vendor=GraalVM Community (sidecars toolchain)");
        cmd.add("-Dorg.graalvm.vendorversion=GraalVM CE " + info.getProperty("graalvm.version"));
        cmd.add("-Dcom.oracle.graalvm.isaot=true");
        cmd.add("-Dgraalvm.locatorDisabled=true");
        cmd.add("-Dtruffle.TrustAllTruffleRuntimeProviders=true");
        cmd.add("-Djdk.internal.lambda.disableEagerInitialization=true");
        for (String line : Files.readAllLines(builder.resolve("builder-jvm.args"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                cmd.add(line.trim());
            }
        }
        cmd.add("--add-modules=ALL-DEFAULT");
        cmd.add("--module-path=" + String.join(java.io.File.pathSeparator, modulePath));
        cmd.add("--upgrade-module-path=" + String.join(java.io.File.pathSeparator, upgrade));
        cmd.add("--enable-native-access=org.graalvm.nativeimage.builder,org.graalvm.nativeimage.pointsto,org.graalvm.nativeimage.objectfile,jdk.graal.compiler");
        cmd.add("@" + builder.resolve("exports.args"));
        cmd.addAll(plan.builderJavaArgs); // -J and JavaArgs last: the user's -Xmx wins
        cmd.add("--module");
        cmd.add("org.graalvm.nativeimage.builder/com.oracle.svm.hosted.NativeImageGeneratorRunner");

        // the builder's own arguments
        cmd.add("-imagecp");
        cmd.add(String.join(java.io.File.pathSeparator, plan.classpath));
        cmd.add("-H:CLibraryPath=" + home.resolve("lib/svm/clibraries/linux-amd64"));
        cmd.add("-H:ImageBuildID=" + UUID.randomUUID());
        cmd.add("-H:Path=" + plan.imagePath);
        cmd.add("-H:Name=" + plan.imageName);
        if (plan.mainClass != null) {
            cmd.add("-H:Class=" + plan.mainClass);
        }
        List<String> configDirs = new ArrayList<>(plan.configDirectories);
        int n = 0;
        for (Map.Entry<String, List<String>> e : plan.jarConfigDirs.entrySet()) {
            try (ZipFile z = new ZipFile(e.getKey())) {
                for (String dir : e.getValue()) {
                    Path target = tmp.resolve(String.format("%03d-%s", n++, Path.of(e.getKey()).getFileName()));
                    Files.createDirectories(target);
                    for (var entry : java.util.Collections.list(z.entries())) {
                        String name = entry.getName();
                        if (!entry.isDirectory() && name.startsWith(dir + "/") && name.indexOf('/', dir.length() + 1) < 0
                                && name.endsWith(".json")) {
                            try (InputStream in = z.getInputStream(entry)) {
                                Files.copy(in, target.resolve(name.substring(dir.length() + 1)), StandardCopyOption.REPLACE_EXISTING);
                            }
                        }
                    }
                    configDirs.add(target.toString());
                }
            }
        }
        if (!configDirs.isEmpty()) {
            cmd.add("-H:ConfigurationFileDirectories=" + String.join(",", configDirs));
        }
        cmd.addAll(plan.builderArgs); // after ours, so that the user's -H: options win
        return cmd;
    }

    /** As GraalVM's driver: the builder sees a small, fixed environment plus what -E passes. */
    static void sanitizeEnvironment(Map<String, String> env, Map<String, String> passed) {
        Map<String, String> keep = new LinkedHashMap<>();
        for (String k : List.of("PATH", "HOME", "USER", "PWD", "LANG", "LC_ALL", "TMPDIR", "TZ", "SOURCE_DATE_EPOCH")) {
            String v = env.get(k);
            if (v != null) {
                keep.put(k, v);
            }
        }
        env.clear();
        env.putAll(keep);
        env.putAll(passed);
    }

    private static void deleteTree(Path p) {
        if (p == null || !Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Warning: could not delete " + p + ": " + e.getMessage());
        }
    }
}
