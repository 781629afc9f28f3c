package dev.sidecars.common;

import java.util.concurrent.CompletionStage;

/** A listener or worker that can stop taking new work and finish what it has. */
public interface Drainable {

    /** A short name for logs, e.g. {@code tls listener}. */
    String name();

    /** Stop accepting new work now; the stage completes when in-flight work is done. */
    CompletionStage<Void> drain();

    /** The drain deadline passed: close whatever is still open. */
    void forceClose();
}
