package dev.sidecars.tailer;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import dev.sidecars.common.ExitCodes;
import dev.sidecars.common.Sidecar;
import dev.sidecars.common.StartupException;
import dev.sidecars.common.follow.Follower;
import dev.sidecars.common.follow.OffsetStore;

/** Entry point of the log-tailer image. */
public final class TailerMain {

    private TailerMain() {
    }

    public static void main(String[] args) {
        Sidecar.run(TailerConfig.IMAGE, TailerConfig::runtime, System.getenv(), (config, context) -> {
            // the raw descriptor: System.out would add a second buffer and a lock per write
            Follower follower = newFollower(config, new FileOutputStream(FileDescriptor.out), context.registry(),
                    () -> System.exit(ExitCodes.STDOUT_FAILED));
            context.readiness().register("follower", follower::readiness);
            context.lifecycle().register(follower);
            follower.start();
        });
    }

    /** The follower with its state store, as tests build it too. */
    static Follower newFollower(TailerConfig config, OutputStream stdout,
                                io.micrometer.core.instrument.MeterRegistry registry) throws StartupException {
        return newFollower(config, stdout, registry, () -> { });
    }

    static Follower newFollower(TailerConfig config, OutputStream stdout,
                                io.micrometer.core.instrument.MeterRegistry registry, Runnable onOutputLost)
            throws StartupException {
        OffsetStore store = null;
        if (config.stateDir().isPresent()) {
            store = new OffsetStore(config.stateDir().get());
            try {
                store.checkWritable();
            } catch (IOException e) {
                throw new StartupException("TAILER_STATE_DIR " + config.stateDir().get() + " is not writable: " + e);
            }
        }
        return new Follower(config.follow(), new StdoutSink(config, stdout), store, new TailerMetrics(registry),
                onOutputLost);
    }
}
