package dev.sidecars.it;

import java.util.List;

/**
 * The images under test, named as the build pushed them ({@code image.repository}, {@code image.tag}),
 * in the variant the surefire execution runs: native (the plain tag) or JVM ({@code -jvm}).
 */
enum Images {
    TLS_AMBASSADOR("tls-ambassador", "AMBASSADOR_", 9901),
    EGRESS_PROXY("egress-proxy", "EGRESS_", 9902),
    LOG_TAILER("log-tailer", "TAILER_", 9903),
    METRICS_ADAPTER("metrics-adapter", "ADAPTER_", 9904),
    CONFIG_INIT("config-init", "CONFIG_INIT_", 0);

    final String artifact;
    final String prefix;
    /** The default admin port, 0 for the init container, which serves none. */
    final int adminPort;

    Images(String artifact, String prefix, int adminPort) {
        this.artifact = artifact;
        this.prefix = prefix;
        this.adminPort = adminPort;
    }

    /** Which build of the images is under test: the surefire execution says ({@code image.variant}). */
    enum Variant {
        /** The GraalVM native executable on the OS layer: the plain tag. */
        NATIVE("", "native.base.image", 1),
        /** The JVM on the shared Java runtime: the tag with {@code -jvm}. */
        JVM("-jvm", "base.image", 2);

        final String tagSuffix;
        private final String baseProperty;
        /** Layers of the base image: the OS (and, for the JVM, the Java runtime). */
        final int baseLayers;

        Variant(String tagSuffix, String baseProperty, int baseLayers) {
            this.tagSuffix = tagSuffix;
            this.baseProperty = baseProperty;
            this.baseLayers = baseLayers;
        }
    }

    String reference() {
        return property("image.repository") + "/" + artifact + ":" + property("image.tag") + variant().tagSuffix;
    }

    static Variant variant() {
        return Variant.valueOf(property("image.variant").toUpperCase(java.util.Locale.ROOT));
    }

    static String base() {
        return property(variant().baseProperty);
    }

    static List<Images> longRunning() {
        return List.of(TLS_AMBASSADOR, EGRESS_PROXY, LOG_TAILER, METRICS_ADAPTER);
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (the it module's surefire sets it)");
        }
        return value;
    }
}
