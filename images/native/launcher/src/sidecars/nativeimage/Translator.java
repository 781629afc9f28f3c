package sidecars.nativeimage;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Turns a {@code native-image} command line (as the standard build tools write it) into the image
 * builder's arguments. This is the part of GraalVM's driver that the builder jars on Maven Central do
 * not contain. Pure: it reads the class path's {@code META-INF/native-image} files but starts
 * nothing, so {@code TranslatorTest} can check every translation.
 *
 * <p>What it does that the builder does not:
 * <ul>
 *   <li>expands {@code @argfile}s (the Java launcher's syntax) and {@code NATIVE_IMAGE_OPTIONS};</li>
 *   <li>maps the API options ({@code --gc=}, {@code -march=}, {@code -O}, {@code --initialize-at-*},
 *       {@code --enable-url-protocols}, {@code --features}, ...) to the builder's {@code -H:} options,
 *       as the {@code @APIOption} annotations in svm.jar define them;</li>
 *   <li>reads {@code META-INF/native-image/**}{@code /native-image.properties} of every class-path entry
 *       ({@code Args}, {@code JavaArgs}, {@code ImageName}; {@code ${.}} is the properties file's
 *       resource directory) and passes the configuration files found there
 *       (reflect-config.json, reachability-metadata.json, ...) to the builder, honouring
 *       {@code --exclude-config};</li>
 *   <li>rejects an option it does not know with an error naming it, instead of dropping it.</li>
 * </ul>
 */
public final class Translator {

    /** Thrown for a command line that cannot be built; the message is for the user. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    /** The result: what to start and how. */
    public static final class Plan {
        public final List<String> builderJavaArgs = new ArrayList<>();
        public final List<String> builderArgs = new ArrayList<>();
        public final List<String> classpath = new ArrayList<>();
        /** classpath entry (jar) -> its configuration resource directories to extract */
        public final Map<String, List<String>> jarConfigDirs = new LinkedHashMap<>();
        public final List<String> configDirectories = new ArrayList<>();
        public final Map<String, String> environment = new LinkedHashMap<>();
        public final List<String> warnings = new ArrayList<>();
        public String mainClass;
        public String imageName;
        public String imagePath;
        public boolean version;
        public boolean help;
        public boolean dryRun;
        public boolean verbose;
        public boolean sharedLibrary;
    }

    /** Options with a value in the next argument when not written with '='. */
    private static final Set<String> SEPARATE_VALUE = Set.of("-cp", "-classpath", "--class-path", "-o", "-jar");

    /** Names of the JVMCI/Graal option prefixes the builder accepts as-is. */
    private static final Pattern HOSTED_OR_RUNTIME = Pattern.compile("^-[HR]:.+");

    private final Path workingDirectory;
    private final Function<String, String> env;
    private final List<Pattern[]> excludeConfig = new ArrayList<>();
    private final Plan plan = new Plan();
    private final Set<String> seenConfigEntries = new LinkedHashSet<>();
    private boolean inPropertiesFile;

    public Translator(Path workingDirectory, Function<String, String> env) {
        this.workingDirectory = workingDirectory;
        this.env = env;
    }

    public Plan translate(List<String> commandLine) throws UsageException, IOException {
        List<String> args = new ArrayList<>();
        String fromEnv = env.apply("NATIVE_IMAGE_OPTIONS");
        if (fromEnv != null && !fromEnv.isBlank()) {
            args.addAll(ArgFiles.tokenize(fromEnv));
        }
        args.addAll(ArgFiles.expand(commandLine, workingDirectory));
        Deque<String> queue = new ArrayDeque<>(args);
        List<String> positional = new ArrayList<>();
        while (!queue.isEmpty()) {
            String a = queue.poll();
            if (a.startsWith("-") && !a.equals("-")) {
                option(a, queue);
            } else {
                positional.add(a);
            }
        }
        if (plan.version || plan.help) {
            return plan;
        }
        if (!positional.isEmpty()) {
            if (plan.mainClass == null) {
                plan.mainClass = positional.remove(0);
            }
            if (!positional.isEmpty() && plan.imageName == null) {
                plan.imageName = positional.remove(0);
            }
            if (!positional.isEmpty()) {
                throw new UsageException("unexpected arguments: " + String.join(" ", positional));
            }
        }
        if (plan.classpath.isEmpty()) {
            plan.classpath.add(workingDirectory.toString());
        }
        processClasspathMetaInf();
        if (plan.mainClass == null && !plan.sharedLibrary) {
            throw new UsageException("no main class given (native-image [options] <mainclass> [imagename], or -jar <jar>)");
        }
        if (plan.imageName == null) {
            plan.imageName = plan.mainClass == null ? "image" : plan.mainClass.toLowerCase(java.util.Locale.ROOT);
        }
        if (plan.imagePath == null) {
            plan.imagePath = workingDirectory.toString();
        }
        return plan;
    }

    private void option(String a, Deque<String> queue) throws UsageException, IOException {
        String name = a;
        String value = null;
        int eq = a.indexOf('=');
        if (a.startsWith("--") && eq > 0) {
            name = a.substring(0, eq);
            value = a.substring(eq + 1);
        }
        if (SEPARATE_VALUE.contains(name) && value == null) {
            value = queue.poll();
            if (value == null) {
                throw new UsageException(name + " needs a value");
            }
        }
        if (HOSTED_OR_RUNTIME.matcher(a).matches()) {
            plan.builderArgs.add(a);
            return;
        }
        if (a.startsWith("-J")) {
            if (a.length() == 2) {
                throw new UsageException("-J needs a JVM option, e.g. -J-Xmx4g");
            }
            plan.builderJavaArgs.add(a.substring(2));
            return;
        }
        if (a.startsWith("-D") && a.length() > 2) {
            plan.builderJavaArgs.add(a); // a system property of the build (image build time)
            return;
        }
        if (a.startsWith("-E") && a.length() > 2) {
            String kv = a.substring(2);
            int i = kv.indexOf('=');
            if (i < 0) {
                String v = env.apply(kv);
                if (v != null) {
                    plan.environment.put(kv, v);
                }
            } else {
                plan.environment.put(kv.substring(0, i), kv.substring(i + 1));
            }
            return;
        }
        if (a.startsWith("-O") && !a.startsWith("--")) {
            String level = a.substring(2);
            if (!Set.of("0", "1", "2", "3", "b", "s").contains(level)) {
                throw new UsageException("unsupported optimization level " + a + " (use -O0, -O1, -O2, -O3, -Ob or -Os)");
            }
            plan.builderArgs.add("-H:Optimize=" + level);
            return;
        }
        if (a.startsWith("-march=")) {
            plan.builderArgs.add("-H:MicroArchitecture=" + a.substring("-march=".length()));
            return;
        }
        if (inPropertiesFile && Set.of("-cp", "-classpath", "--class-path", "-jar", "-o", "--version", "--dry-run").contains(name)) {
            throw new UsageException(name + " is not allowed in a native-image.properties file");
        }
        switch (name) {
            case "-cp", "-classpath", "--class-path" -> {
                for (String e : value.split(java.io.File.pathSeparator, -1)) {
                    if (!e.isEmpty()) {
                        plan.classpath.add(resolve(e));
                    }
                }
            }
            case "-jar" -> {
                String jar = resolve(value);
                plan.classpath.add(jar);
                try (ZipFile z = new ZipFile(jar)) {
                    ZipEntry mf = z.getEntry("META-INF/MANIFEST.MF");
                    if (mf != null) {
                        java.util.jar.Manifest m = new java.util.jar.Manifest(z.getInputStream(mf));
                        String main = m.getMainAttributes().getValue("Main-Class");
                        if (main != null && plan.mainClass == null) {
                            plan.mainClass = main;
                        }
                        String cp = m.getMainAttributes().getValue("Class-Path");
                        if (cp != null) {
                            for (String e : cp.trim().split("\\s+")) {
                                plan.classpath.add(Path.of(jar).resolveSibling(e).toString());
                            }
                        }
                    }
                }
                if (plan.imageName == null) {
                    String file = Path.of(jar).getFileName().toString();
                    plan.imageName = file.endsWith(".jar") ? file.substring(0, file.length() - 4) : file;
                }
            }
            case "-o" -> {
                Path p = workingDirectory.resolve(value);
                plan.imageName = p.getFileName().toString();
                plan.imagePath = p.getParent() == null ? workingDirectory.toString() : p.getParent().toString();
            }
            case "--version" -> plan.version = true;
            case "--help", "-h", "--help-extra", "--expert-options", "--expert-options-all" -> plan.help = true;
            case "--dry-run" -> plan.dryRun = true;
            case "--verbose", "-v" -> plan.verbose = true;
            case "--no-fallback" -> { /* fallback images are not supported, so this is what we always do */ }
            case "--force-fallback", "--auto-fallback" -> throw new UsageException(name + " is not supported: this toolchain builds only standalone native images (no JVM fallback images)");
            case "--no-server" -> plan.warnings.add("--no-server is obsolete and ignored");
            case "--shared" -> {
                plan.sharedLibrary = true;
                plan.builderArgs.add("-H:+SharedLibrary");
            }
            case "--static" -> plan.builderArgs.add("-H:+StaticExecutable");
            case "--static-nolibc" -> plan.builderArgs.add("-H:+StaticExecutableWithDynamicLibC");
            case "--libc" -> {
                if (!"glibc".equals(value)) {
                    throw new UsageException("--libc=" + value + " is not supported by this toolchain (its static JDK libraries are built for glibc)");
                }
                plan.builderArgs.add("-H:UseLibC=glibc");
            }
            case "--target" -> {
                if (!"linux-amd64".equals(value)) {
                    throw new UsageException("--target=" + value + " is not supported: this toolchain builds for linux-amd64 only");
                }
            }
            case "--gc" -> {
                switch (String.valueOf(value)) {
                    case "serial" -> plan.builderArgs.add("-H:+UseSerialGC");
                    case "epsilon" -> plan.builderArgs.add("-H:+UseEpsilonGC");
                    case "G1", "g1" -> throw new UsageException("--gc=G1 needs Oracle GraalVM; this toolchain (GraalVM Community builder) has --gc=serial and --gc=epsilon");
                    default -> throw new UsageException("unknown garbage collector --gc=" + value + " (serial, epsilon)");
                }
            }
            case "--initialize-at-build-time" -> classInit(value, "build_time");
            case "--initialize-at-run-time" -> classInit(value, "run_time");
            case "--enable-url-protocols" -> plan.builderArgs.add("-H:EnableURLProtocols=" + required(name, value));
            case "--enable-http" -> plan.builderArgs.add("-H:EnableURLProtocols=http");
            case "--enable-https" -> plan.builderArgs.add("-H:EnableURLProtocols=https");
            case "--features" -> plan.builderArgs.add("-H:Features=" + required(name, value));
            case "--enable-native-access" -> plan.builderArgs.add("-H:EnableNativeAccess=" + required(name, value));
            case "--add-exports" -> plan.builderArgs.add("-H:AddExports=" + required(name, value));
            case "--add-opens" -> plan.builderArgs.add("-H:AddOpens=" + required(name, value));
            case "--add-reads" -> plan.builderArgs.add("-H:AddReads=" + required(name, value));
            case "--link-at-build-time" -> plan.builderArgs.add("-H:LinkAtBuildTime=" + (value == null ? "" : value));
            case "--link-at-build-time-paths" -> plan.builderArgs.add("-H:LinkAtBuildTimePaths=" + required(name, value));
            case "--exact-reachability-metadata" -> plan.builderArgs.add("-H:ThrowMissingRegistrationErrors=" + (value == null ? "" : value));
            case "--exact-reachability-metadata-path" -> plan.builderArgs.add("-H:ThrowMissingRegistrationErrorsPaths=" + required(name, value));
            case "--enable-monitoring" -> plan.builderArgs.add("-H:EnableMonitoringFeatures=" + (value == null ? "all" : value));
            case "--enable-all-security-services" -> plan.builderArgs.add("-H:+EnableAllSecurityServices");
            case "--install-exit-handlers" -> plan.builderArgs.add("-H:+InstallExitHandlers");
            case "--trace-object-instantiation" -> plan.builderArgs.add("-H:TraceObjectInstantiation=" + required(name, value));
            case "--native-compiler-path" -> plan.builderArgs.add("-H:CCompilerPath=" + required(name, value));
            case "--native-compiler-options" -> plan.builderArgs.add("-H:CCompilerOption=" + required(name, value));
            case "--native-image-info" -> plan.builderArgs.add("-H:+DumpTargetInfo");
            case "--list-cpu-features" -> plan.builderArgs.add("-H:+ListCPUFeatures");
            case "--list-modules" -> plan.builderArgs.add("-H:+ListModules");
            case "--parallelism" -> plan.builderArgs.add("-H:NumberOfThreads=" + required(name, value));
            case "--silent" -> plan.builderArgs.add("-H:+BuildOutputSilent");
            case "--color" -> plan.builderArgs.add("-H:Color=" + (value == null ? "always" : value));
            case "--future-defaults" -> plan.builderArgs.add("-H:FutureDefaults=" + (value == null ? "all" : value));
            case "-g" -> plan.builderArgs.add("-H:GenerateDebugInfo=2");
            case "-ea", "-enableassertions" -> plan.builderArgs.add("-H:RuntimeAssertions=" + (value == null ? "" : value));
            case "-esa", "-enablesystemassertions" -> plan.builderArgs.add("-H:+RuntimeSystemAssertions");
            case "--exclude-config" -> {
                String jarRegex = value != null ? value : queue.poll();
                String resourceRegex = queue.poll();
                if (jarRegex == null || resourceRegex == null) {
                    throw new UsageException("--exclude-config needs two arguments: <jar-path-regex> <resource-path-regex>");
                }
                excludeConfig.add(new Pattern[]{Pattern.compile(jarRegex), Pattern.compile(resourceRegex)});
            }
            case "--report-unsupported-elements-at-runtime", "--allow-incomplete-classpath", "--strict-image-heap",
                 "--configure-reflection-metadata", "--trace-class-initialization" ->
                plan.warnings.add(name + " is deprecated and has no effect in GraalVM 25; ignored");
            default -> throw new UsageException("unsupported option '" + a + "' (this toolchain's native-image launcher knows the options of GraalVM 25's driver that the build tools use; see images/native/README.md)");
        }
    }

    private static String required(String name, String value) throws UsageException {
        if (value == null || value.isEmpty()) {
            throw new UsageException(name + " needs a value (" + name + "=...)");
        }
        return value;
    }

    /** --initialize-at-build-time=a,b -> -H:ClassInitialization=a:build_time,b:build_time (the APIOption's transformer). */
    private void classInit(String value, String when) {
        if (value == null || value.isEmpty()) {
            plan.builderArgs.add("-H:ClassInitialization=:" + when);
            return;
        }
        StringBuilder sb = new StringBuilder("-H:ClassInitialization=");
        String[] names = value.split(",");
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(names[i].trim()).append(':').append(when);
        }
        plan.builderArgs.add(sb.toString());
    }

    private String resolve(String p) {
        return workingDirectory.resolve(p).normalize().toString();
    }

    // ---- META-INF/native-image ----------------------------------------------------------------

    private static final Set<String> CONFIG_FILES = Set.of("reachability-metadata.json", "reflect-config.json",
            "jni-config.json", "proxy-config.json", "resource-config.json", "serialization-config.json",
            "predefined-classes-config.json");

    private void processClasspathMetaInf() throws IOException, UsageException {
        List<String> entries = new ArrayList<>(plan.classpath);
        for (String entry : entries) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                Path root = p.resolve("META-INF/native-image");
                if (!Files.isDirectory(root)) {
                    continue;
                }
                List<Path> files;
                try (Stream<Path> s = Files.walk(root)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                }
                Set<Path> configDirs = new LinkedHashSet<>();
                for (Path f : files) {
                    String rel = p.relativize(f).toString().replace('\\', '/');
                    if (excluded(entry, rel)) {
                        continue;
                    }
                    String fileName = f.getFileName().toString();
                    if (fileName.equals("native-image.properties")) {
                        try (InputStream in = Files.newInputStream(f)) {
                            properties(entry, rel, in);
                        }
                    } else if (CONFIG_FILES.contains(fileName)) {
                        configDirs.add(f.getParent());
                    }
                }
                for (Path d : configDirs) {
                    plan.configDirectories.add(d.toString());
                }
            } else if (Files.isRegularFile(p)) {
                try (ZipFile z = new ZipFile(p.toFile())) {
                    List<String> names = new ArrayList<>();
                    for (var e : java.util.Collections.list(z.entries())) {
                        if (!e.isDirectory() && e.getName().startsWith("META-INF/native-image/")) {
                            names.add(e.getName());
                        }
                    }
                    names.sort(null);
                    Set<String> configDirs = new LinkedHashSet<>();
                    for (String n : names) {
                        if (excluded(entry, n)) {
                            continue;
                        }
                        String fileName = n.substring(n.lastIndexOf('/') + 1);
                        if (fileName.equals("native-image.properties")) {
                            try (InputStream in = z.getInputStream(z.getEntry(n))) {
                                properties(entry, n, in);
                            }
                        } else if (CONFIG_FILES.contains(fileName)) {
                            configDirs.add(n.substring(0, n.lastIndexOf('/')));
                        }
                    }
                    if (!configDirs.isEmpty()) {
                        plan.jarConfigDirs.put(entry, new ArrayList<>(configDirs));
                    }
                }
            }
        }
    }

    /**
     * --exclude-config: the class-path entry's path and the resource's path ("/META-INF/...") each
     * contain a match of their regular expression (GraalVM's driver uses find(), and
     * native-maven-plugin passes "\\Q<jar path>\\E" and "^/META-INF/native-image/").
     */
    private boolean excluded(String entry, String resource) {
        for (Pattern[] p : excludeConfig) {
            if (p[0].matcher(entry).find() && p[1].matcher("/" + resource).find()) {
                return true;
            }
        }
        return false;
    }

    private void properties(String entry, String resource, InputStream in) throws IOException, UsageException {
        String key = entry + "!" + resource;
        if (!seenConfigEntries.add(key)) {
            return;
        }
        String dir = resource.substring(0, resource.lastIndexOf('/'));
        Properties props = new Properties();
        props.load(new StringReader(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
        for (String k : props.stringPropertyNames()) {
            String v = props.getProperty(k).replace("${.}", dir);
            switch (k) {
                case "Args" -> {
                    boolean saved = inPropertiesFile;
                    inPropertiesFile = true;
                    try {
                        Deque<String> q = new ArrayDeque<>(ArgFiles.splitWhitespace(v));
                        while (!q.isEmpty()) {
                            String a = q.poll();
                            if (!a.startsWith("-")) {
                                throw new UsageException(entry + "!/" + resource + ": unexpected argument '" + a + "' in Args");
                            }
                            option(a, q);
                        }
                    } catch (UsageException e) {
                        throw new UsageException(entry + "!/" + resource + ": " + e.getMessage());
                    } finally {
                        inPropertiesFile = saved;
                    }
                }
                case "JavaArgs" -> plan.builderJavaArgs.addAll(ArgFiles.splitWhitespace(v));
                case "ImageName" -> {
                    if (plan.imageName == null) {
                        plan.imageName = v.trim();
                    }
                }
                // hosted options the jar's own features define: known to the builder, nothing to do here
                case "ProvidedHostedOptions" -> { }
                default -> plan.warnings.add(entry + "!/" + resource + ": unknown key '" + k + "' ignored");
            }
        }
    }
}
