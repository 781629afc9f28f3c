package dev.sidecars.configinit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.sidecars.common.env.ConfigException;
import dev.sidecars.common.env.Image;
import dev.sidecars.common.env.ParsedEnv;
import dev.sidecars.common.env.RuntimeSettings;
import dev.sidecars.common.env.Setting;
import dev.sidecars.common.env.ValueType;
import dev.sidecars.common.env.ValueTypes;

/** The config-init image's settings: every variable is declared here, once. */
record ConfigInitConfig(RuntimeSettings.Values runtime,
                        List<Source> sources,
                        String envPrefix,
                        List<Mapping> mappings,
                        Path secretsDir,
                        Path output,
                        Format outputFormat,
                        Set<java.nio.file.attribute.PosixFilePermission> outputMode,
                        ArrayMode arrays,
                        boolean dryRun,
                        Path templates,
                        Path templatesOutput,
                        Map<String, Set<java.nio.file.attribute.PosixFilePermission>> templateModes,
                        List<WaitTarget> waitFor,
                        Duration waitTimeout) {

    private static final String P = "CONFIG_INIT_";
    private static final RuntimeSettings RUNTIME = RuntimeSettings.runToCompletion(P);

    /** A base file or directory, with its format when given explicitly (`yaml:/path`). */
    record Source(Path path, Format format) {
        static final ValueType<Source> TYPE = RenderedType.of("source", "a path, optionally prefixed json:, yaml:, properties:, ini: or toml:",
                s -> s.format() == null ? s.path().toString() : s.format().name().toLowerCase(java.util.Locale.ROOT) + ":" + s.path(), text -> {
            for (Format f : List.of(Format.JSON, Format.YAML, Format.PROPERTIES, Format.INI, Format.TOML)) {
                String tag = f.name().toLowerCase(java.util.Locale.ROOT) + ":";
                if (text.startsWith(tag)) {
                    return new Source(ValueTypes.PATH.parse(text.substring(tag.length())), f);
                }
            }
            return new Source(ValueTypes.PATH.parse(text), null);
        });
    }

    /** An explicit mapping {@code Application.Environment=APP_ENVIRONMENT}: a key set from a variable. */
    record Mapping(String key, String variable) {
        static final ValueType<Mapping> TYPE = RenderedType.of("mapping", "key.path=VARIABLE, e.g. Application.Environment=APP_ENVIRONMENT",
                m -> m.key() + "=" + m.variable(), text -> {
            int eq = text.indexOf('=');
            if (eq <= 0 || eq == text.length() - 1) {
                throw new IllegalArgumentException("is not key=VARIABLE");
            }
            String key = text.substring(0, eq).strip();
            String variable = text.substring(eq + 1).strip();
            KeyPaths.parseDotted(key); // rejects empty segments
            if (!variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("names no valid variable");
            }
            return new Mapping(key, variable);
        });
    }

    /** A file name and its mode, {@code startup.sh=0755}. */
    record NamedMode(String name, Set<java.nio.file.attribute.PosixFilePermission> mode) {
        static final ValueType<NamedMode> TYPE = RenderedType.of("file=mode", "file name=octal mode, e.g. startup.sh=0755",
                m -> m.name() + "=" + FileModes.octal(m.mode()), text -> {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("is not name=mode");
            }
            return new NamedMode(text.substring(0, eq).strip(), FileModes.parse(text.substring(eq + 1).strip()));
        });
    }

    private static final ValueType<Format> OUTPUT_FORMAT_TYPE = RenderedType.of("auto \\| json \\| yaml \\| properties",
            "one of auto, json, yaml, properties", f -> f.name().toLowerCase(java.util.Locale.ROOT), text -> switch (text) {
                case "auto" -> Format.AUTO;
                case "json" -> Format.JSON;
                case "yaml" -> Format.YAML;
                case "properties" -> Format.PROPERTIES;
                default -> throw new IllegalArgumentException("is not a known value");
            });

    static final Setting<List<Source>> SOURCES = Setting.optional(P + "SOURCES", ValueTypes.listOf(Source.TYPE), null,
            "Base files or directories (JSON, YAML, Java properties, INI or TOML; format from the extension or a `yaml:` prefix), merged in order: later ones win.");
    static final Setting<String> ENV_PREFIX = Setting.optional(P + "ENV_PREFIX", ValueTypes.STRING, null,
            "Variables with this prefix override keys, nested by `__`, array indices as `__0__`: `APP_Application__Environment=TEST`.");
    static final Setting<List<Mapping>> MAP = Setting.optional(P + "MAP", ValueTypes.listOf(Mapping.TYPE), null,
            "Explicit key=VARIABLE mappings applied after the prefixed variables: `Application.Environment=APP_ENVIRONMENT`.");
    static final Setting<Path> SECRETS_DIR = Setting.optional(P + "SECRETS_DIR", ValueTypes.PATH, null,
            "A mounted Secret: one key per file, nested by `__` in the file name; dot-files and `..data` are ignored. Applied last.");
    static final Setting<Path> OUTPUT = Setting.optional(P + "OUTPUT", ValueTypes.PATH, null,
            "The merged file, written atomically (temp file in the same directory, fsync, rename).");
    static final Setting<Format> OUTPUT_FORMAT = Setting.optional(P + "OUTPUT_FORMAT", OUTPUT_FORMAT_TYPE, "auto",
            "Format of the output: `auto` takes it from the extension.");
    static final Setting<Set<java.nio.file.attribute.PosixFilePermission>> OUTPUT_MODE = Setting.optional(P + "OUTPUT_MODE", FileModes.TYPE, "0640",
            "Mode of the output file and of rendered templates without their own mode.");
    static final Setting<ArrayMode> ARRAYS = Setting.optional(P + "ARRAYS", ValueTypes.enumOf(ArrayMode.class), "replace",
            "How a later layer's array meets an earlier one: `replace` it, `merge-by-index`, or `append` to it.");
    static final Setting<Boolean> DRY_RUN = Setting.optional(P + "DRY_RUN", ValueTypes.BOOLEAN, "false",
            "Print the merged result (secrets masked) and a diff against the existing output to stdout; write nothing.");
    static final Setting<Path> TEMPLATES = Setting.optional(P + "TEMPLATES", ValueTypes.PATH, null,
            "A text file or a directory of text files rendered with the placeholder rules (`${VAR}`, `${VAR:-default}`, `${VAR:?message}`, `${file:PATH}`).");
    static final Setting<Path> TEMPLATES_OUTPUT = Setting.optional(P + "TEMPLATES_OUTPUT", ValueTypes.PATH, null,
            "Directory the rendered templates are written to, under their own names.");
    static final Setting<List<NamedMode>> TEMPLATE_MODES = Setting.optional(P + "TEMPLATE_MODES", ValueTypes.listOf(NamedMode.TYPE), null,
            "Modes of rendered templates by file name: `startup.sh=0755`.");
    static final Setting<List<WaitTarget>> WAIT_FOR = Setting.optional(P + "WAIT_FOR", ValueTypes.listOf(WaitTarget.TYPE), null,
            "Dependencies to wait for before anything else: `dns:name`, `tcp:host:port`, `http://...` (2xx/3xx).");
    static final Setting<Duration> WAIT_TIMEOUT = Setting.optional(P + "WAIT_TIMEOUT", ValueTypes.DURATION, "60s",
            "Deadline for all of CONFIG_INIT_WAIT_FOR together.");

    static final Image<ConfigInitConfig> IMAGE = new Image<>("config-init", P, RUNTIME,
            List.of(SOURCES, ENV_PREFIX, MAP, SECRETS_DIR, OUTPUT, OUTPUT_FORMAT, OUTPUT_MODE, ARRAYS, DRY_RUN,
                    TEMPLATES, TEMPLATES_OUTPUT, TEMPLATE_MODES, WAIT_FOR, WAIT_TIMEOUT),
            ConfigInitConfig::build);

    static ConfigInitConfig fromEnv(Map<String, String> env) {
        return IMAGE.load(env);
    }

    private static ConfigInitConfig build(ParsedEnv env) {
        List<String> problems = new ArrayList<>();
        boolean merging = env.isSet(SOURCES) || env.isSet(ENV_PREFIX) || env.isSet(MAP) || env.isSet(SECRETS_DIR);
        Path output = env.get(OUTPUT);
        Format outputFormat = env.get(OUTPUT_FORMAT);
        if (merging && output == null) {
            problems.add(OUTPUT.name() + ": is required when sources, overrides or secrets are set (expected: a file system path)");
        }
        if (output != null && outputFormat == Format.AUTO) {
            outputFormat = Format.fromFileName(output.getFileName().toString());
            if (outputFormat == null || outputFormat == Format.INI || outputFormat == Format.TOML) {
                problems.add(OUTPUT_FORMAT.name() + ": cannot be taken from the extension of " + output
                        + " (expected: json, yaml or properties, or an output ending .json, .yaml, .yml or .properties)");
            }
        }
        if (env.isSet(TEMPLATES) != env.isSet(TEMPLATES_OUTPUT)) {
            problems.add(TEMPLATES.name() + " and " + TEMPLATES_OUTPUT.name() + ": are set together or not at all");
        }
        if (env.isSet(ENV_PREFIX) && env.get(ENV_PREFIX).startsWith(P)) {
            problems.add(ENV_PREFIX.name() + ": must not start with " + P + " (expected: the app's own prefix, e.g. APP_)");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Map<String, Set<java.nio.file.attribute.PosixFilePermission>> modes = new java.util.LinkedHashMap<>();
        env.optional(TEMPLATE_MODES).orElse(List.of()).forEach(m -> modes.put(m.name(), m.mode()));
        return new ConfigInitConfig(RUNTIME.read(env),
                env.optional(SOURCES).orElse(List.of()),
                env.get(ENV_PREFIX),
                env.optional(MAP).orElse(List.of()),
                env.get(SECRETS_DIR),
                output,
                outputFormat,
                env.get(OUTPUT_MODE),
                env.get(ARRAYS),
                env.get(DRY_RUN),
                env.get(TEMPLATES),
                env.get(TEMPLATES_OUTPUT),
                Map.copyOf(modes),
                env.optional(WAIT_FOR).orElse(List.of()),
                env.get(WAIT_TIMEOUT));
    }
}
