package dev.sidecars.tailer;

import dev.sidecars.common.Sidecar;

/** Entry point of the log-tailer image. */
public final class TailerMain {

    private TailerMain() {
    }

    public static void main(String[] args) {
        Sidecar.run(TailerConfig.IMAGE, TailerConfig::runtime, System.getenv(), (config, context) -> {
            // The image's own listeners and workers are wired here and registered with context.lifecycle().
        });
    }
}
