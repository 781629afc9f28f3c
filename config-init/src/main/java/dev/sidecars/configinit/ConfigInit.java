package dev.sidecars.configinit;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import dev.sidecars.common.ExitCodes;
import dev.sidecars.common.log.Log;

/**
 * One run of the init container: wait for dependencies, merge, write (or print, in a dry run),
 * render templates. Returns the exit status; {@code main} only exits with it. Tests call it directly.
 */
final class ConfigInit {

    private static final Log log = Log.get(ConfigInit.class);

    private final ConfigInitConfig config;
    private final Map<String, String> env;
    private final PrintStream stdout;

    ConfigInit(ConfigInitConfig config, Map<String, String> env, PrintStream stdout) {
        this.config = config;
        this.env = env;
        this.stdout = stdout;
    }

    int run() throws InterruptedException {
        try {
            if (!config.waitFor().isEmpty()) {
                new WaitFor().awaitAll(config.waitFor(), config.waitTimeout());
            }
            Placeholders placeholders = new Placeholders(new Placeholders.Lookup(env::get, Inputs::readFileOrNull));
            // Everything is merged and rendered before anything is written: an input error writes nothing.
            Merged merged = config.output() == null ? null : merge(placeholders);
            List<Templates.Output> templates = config.templates() == null ? List.of()
                    : Templates.renderAll(config.templates(), config.templatesOutput(), config.templateModes(), config.outputMode(), placeholders);
            if (config.dryRun()) {
                if (merged != null) {
                    printDryRun(merged.result());
                }
                templates.forEach(t -> log.info("dry run: would render template", "output", t.target().toString()));
                return ExitCodes.OK;
            }
            if (merged != null) {
                write(merged);
            }
            for (Templates.Output t : templates) {
                AtomicWriter.write(t.target(), t.text(), t.mode());
                log.info("rendered template", "output", t.target().toString(), "mode", FileModes.octal(t.mode()));
            }
            if (config.output() == null && config.templates() == null && config.waitFor().isEmpty()) {
                log.info("nothing to do: set CONFIG_INIT_OUTPUT, CONFIG_INIT_TEMPLATES or CONFIG_INIT_WAIT_FOR");
            }
            return ExitCodes.OK;
        } catch (WaitFor.TimeoutException e) {
            log.error("dependencies did not come up: " + e.getMessage());
            return ExitCodes.WAIT_TIMEOUT;
        } catch (InputException e) {
            for (String problem : e.problems()) {
                log.error("invalid input: " + problem);
            }
            log.error("config-init failed: " + e.problems().size() + " input problem(s); nothing was written");
            return ExitCodes.INPUT;
        } catch (AtomicWriter.WriteException e) {
            log.error("config-init failed: " + e.getMessage());
            return ExitCodes.CANNOT_WRITE;
        }
    }

    /** The merged tree, the output file's bytes, and how long reading and merging took (for the log line). */
    private record Merged(ConfigMerger.Result result, byte[] content, int sources, int overrides, long readNanos, long mergeNanos) {
    }

    private Merged merge(Placeholders placeholders) {
        long started = System.nanoTime();
        List<String> problems = new ArrayList<>();
        List<ConfigMerger.Document> docs = new ArrayList<>();
        try {
            docs = Inputs.load(config.sources(), placeholders);
        } catch (InputException e) {
            problems.addAll(e.problems());
        }
        List<KeyOverride> overrides = new ArrayList<>(KeyOverride.fromPrefixedEnv(env, config.envPrefix(),
                config.mappings().stream().map(ConfigInitConfig.Mapping::variable).collect(java.util.stream.Collectors.toSet()), problems));
        overrides.addAll(KeyOverride.fromMappings(config.mappings(), env, problems));
        try {
            overrides.addAll(KeyOverride.fromSecretFiles(Inputs.secretFiles(config.secretsDir()), problems));
        } catch (InputException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        long read = System.nanoTime();
        ConfigMerger.Result result = ConfigMerger.merge(docs, overrides, config.arrays());
        Map<String, String> setBy = new LinkedHashMap<>();
        for (ConfigMerger.Provenance p : result.overridden()) {
            setBy.put(p.key(), p.layer()); // key names and layers only: values may be secrets
        }
        log.info("merged", "sources", docs.stream().map(ConfigMerger.Document::origin).toList(), "overriddenKeys", setBy);
        long merged = System.nanoTime();
        return new Merged(result, TreeCodec.writeBytes(result.tree(), config.outputFormat()), docs.size(), overrides.size(),
                read - started, merged - read);
    }

    private void write(Merged m) {
        long started = System.nanoTime();
        AtomicWriter.write(config.output(), m.content(), config.outputMode());
        log.info("wrote merged config", "output", config.output().toString(), "format", config.outputFormat().name().toLowerCase(java.util.Locale.ROOT),
                "mode", FileModes.octal(config.outputMode()), "bytes", m.content().length, "sources", m.sources(),
                "overrides", m.overrides(), "readMs", m.readNanos() / 1_000_000, "mergeMs", m.mergeNanos() / 1_000_000,
                "writeMs", (System.nanoTime() - started) / 1_000_000);
    }

    private void printDryRun(ConfigMerger.Result result) {
        stdout.print(TreeCodec.write(ConfigMerger.masked(result.tree(), result.secretKeys()), config.outputFormat()));
        stdout.println("--- diff against " + config.output() + " (secrets masked)");
        Map<String, String> before = new LinkedHashMap<>();
        if (Files.isRegularFile(config.output())) {
            try {
                PropertiesCodec.flatten("", TreeCodec.read(Inputs.readBytes(config.output()), config.outputFormat(),
                        config.output().toString()), before);
            } catch (InputException e) {
                stdout.println("(the existing output cannot be parsed: " + e.getMessage() + ")");
            }
        } else {
            stdout.println("(no existing output)");
        }
        Map<String, String> after = new LinkedHashMap<>();
        PropertiesCodec.flatten("", result.tree(), after);
        // Masked by flat key in both, so that the old file's secret is never shown either.
        List<String> secret = result.secretKeys().stream().map(p -> ConfigMerger.flatKey(result.tree(), p)).toList();
        TreeSet<String> keys = new TreeSet<>(KeyPaths.NATURAL);
        keys.addAll(before.keySet());
        keys.addAll(after.keySet());
        int changes = 0;
        for (String k : keys) {
            String b = before.get(k);
            String a = after.get(k);
            if (!Objects.equals(a, b)) {
                changes++;
                boolean masked = secret.stream().anyMatch(s -> k.equals(s) || k.startsWith(s + ".") || k.startsWith(s + "["));
                if (b != null) {
                    stdout.println("- " + k + "=" + (masked ? "<redacted>" : b));
                }
                if (a != null) {
                    stdout.println("+ " + k + "=" + (masked ? "<redacted>" : a));
                }
            }
        }
        stdout.println(changes == 0 ? "(no changes)" : "(" + changes + " key(s) differ)");
        stdout.flush();
    }
}
