package dev.sidecars.common.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One image's declaration: its name, its variables (the shared runtime settings plus its own) and
 * how its immutable config record is built from the parsed values.
 */
public final class Image<C> {

    private final String name;
    private final RuntimeSettings runtime;
    private final EnvSchema schema;
    private final Function<ParsedEnv, C> build;

    public Image(String name, String prefix, RuntimeSettings runtime, List<Setting<?>> own, Function<ParsedEnv, C> build) {
        this.name = name;
        this.runtime = runtime;
        List<Setting<?>> all = new ArrayList<>(runtime.settings());
        all.addAll(own);
        this.schema = new EnvSchema(prefix, all);
        this.build = build;
    }

    public String name() {
        return name;
    }

    public EnvSchema schema() {
        return schema;
    }

    public RuntimeSettings runtime() {
        return runtime;
    }

    /** Parses and builds the config, or throws {@link ConfigException} listing every problem. */
    public C load(Map<String, String> env) {
        return build.apply(schema.parse(env));
    }
}
