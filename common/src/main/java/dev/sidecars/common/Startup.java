package dev.sidecars.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

import dev.sidecars.common.env.ConfigException;
import dev.sidecars.common.env.Image;
import dev.sidecars.common.log.Log;

/** The first steps of every image's {@code main}: logging, config validation, the effective-config line. */
public final class Startup {

    private static final Log log = Log.get(Startup.class);

    private Startup() {
    }

    /**
     * Configures logging, warns about unknown variables, and returns the config; on any invalid
     * variable, logs every problem and exits with {@link ExitCodes#CONFIG} before anything binds.
     */
    public static <C> C loadOrExit(Image<C> image, Map<String, String> env) {
        image.runtime().configureLoggingLeniently(env);
        for (String warning : image.schema().unknownVariables(env)) {
            log.warn(warning);
        }
        try {
            C config = image.load(env);
            log.info("starting " + image.name(), "version", version(),
                    "config", image.schema().parse(env).effective());
            return config;
        } catch (ConfigException e) {
            for (String problem : e.problems()) {
                log.error("invalid configuration: " + problem);
            }
            log.error(image.name() + " cannot start: " + e.problems().size() + " invalid or missing variable(s); see the variable table in docs/" + image.name() + ".md");
            System.exit(ExitCodes.CONFIG);
            throw e; // not reached
        }
    }

    /** The family's version, from the build. */
    public static String version() {
        try (InputStream in = Startup.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
