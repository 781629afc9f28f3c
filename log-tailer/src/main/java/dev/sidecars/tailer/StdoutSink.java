package dev.sidecars.tailer;

import java.io.OutputStream;

import dev.sidecars.common.follow.BulkLineSink;
import dev.sidecars.common.follow.FollowSink;
import dev.sidecars.common.follow.LineSink;
import dev.sidecars.common.follow.RecordStage;

/** The tailer's end of the follower: records formatted as configured into one buffered stdout. */
final class StdoutSink implements FollowSink {

    private final TailerConfig config;
    private final Output output;

    StdoutSink(TailerConfig config, OutputStream stdout) {
        this.config = config;
        this.output = new Output(stdout, 64 * 1024);
    }

    @Override
    public LineSink open(String label) {
        RecordFormatter formatter = new RecordFormatter(config.output(), config.invalidUtf8(), output, label);
        LineSink formatted = (b, off, len, end) -> formatter.write(b, off, len);
        boolean verbatim = config.multilineStart().isEmpty() && config.output() == TailerConfig.OutputMode.RAW
                && config.invalidUtf8() == TailerConfig.Utf8Policy.PASS;
        if (!verbatim) {
            return formatted;
        }
        return new BulkLineSink() {
            @Override
            public void line(byte[] b, int off, int len, long end) {
                formatted.line(b, off, len, end);
            }

            @Override
            public void lines(byte[] b, int off, int len, int count, long end) {
                output.write(b, off, len); // raw output of unchanged lines is their bytes, endings included
            }
        };
    }

    @Override
    public RecordStage stage(LineSink next) {
        return config.multilineStart()
                .map(p -> new MultilineAssembler(p, config.multilineMaxLines(), (int) config.maxLineBytes(),
                        config.multilineTimeout().toNanos(), next))
                .orElse(null);
    }

    @Override
    public void flush() {
        output.flush();
    }

    @Override
    public boolean flushDue(long nowNanos, long maxDelayNanos) {
        return output.flushDue(nowNanos, maxDelayNanos);
    }
}
