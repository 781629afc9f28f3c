package dev.sidecars.tailer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.sidecars.common.log.Json;

/** Writes one record to the {@link Output} in the configured mode; one instance per followed path. */
final class RecordFormatter {

    private final TailerConfig.OutputMode mode;
    private final boolean replaceInvalid;
    private final Output out;
    private final String file;
    private final byte[] prefix;
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    RecordFormatter(TailerConfig.OutputMode mode, TailerConfig.Utf8Policy utf8, Output out, String file) {
        this.mode = mode;
        this.replaceInvalid = utf8 == TailerConfig.Utf8Policy.REPLACE;
        this.out = out;
        this.file = file;
        this.prefix = ("[" + file + "] ").getBytes(StandardCharsets.UTF_8);
    }

    void write(byte[] b, int off, int len) {
        switch (mode) {
            case RAW -> writeLine(b, off, len);
            case PREFIXED -> {
                out.write(prefix);
                writeLine(b, off, len);
            }
            case JSON -> writeJson(b, off, len);
        }
    }

    private void writeLine(byte[] b, int off, int len) {
        if (replaceInvalid && !isValidUtf8(b, off, len)) {
            writeReplaced(b, off, len);
        } else {
            out.write(b, off, len);
        }
        out.write((byte) '\n');
    }

    private void writeJson(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len + file.length() + 64);
        sb.append("{\"file\":");
        Json.appendString(sb, file);
        sb.append(",\"line\":");
        // new String(..) replaces malformed input with U+FFFD: JSON text must be valid UTF-8
        Json.appendString(sb, new String(b, off, len, StandardCharsets.UTF_8));
        sb.append(",\"time\":\"").append(Instant.now()).append("\"}\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** ASCII is checked byte by byte (the common case); anything else by a strict decoder. */
    private boolean isValidUtf8(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0) {
                try {
                    strict.reset().decode(ByteBuffer.wrap(b, off, len));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private void writeReplaced(byte[] b, int off, int len) {
        // the String constructor replaces every malformed sequence with U+FFFD
        out.write(new String(b, off, len, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
    }
}
