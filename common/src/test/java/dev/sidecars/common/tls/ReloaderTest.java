package dev.sidecars.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import dev.sidecars.common.testing.OpenSsl.KeyFormat;
import dev.sidecars.common.testing.OpenSsl.Pair;
import dev.sidecars.common.testing.OpenSsl;
import dev.sidecars.common.testing.SecretVolume;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloads of a mounted Secret, updated exactly as the kubelet does it: a new {@code ..<timestamp>} dir and a {@code ..data} symlink swap. */
class ReloaderTest {

    @TempDir
    static Path certs;

    static Pair first;
    static Pair second;
    static Pair third;

    @TempDir
    Path secret;

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final List<TlsMaterial> reloaded = new CopyOnWriteArrayList<>();
    private SecretVolume volume;

    @BeforeAll
    static void makeCertificates() {
        OpenSsl openssl = new OpenSsl(certs);
        Pair ca = openssl.ca("reload-ca");
        first = openssl.leaf(ca, "first", KeyFormat.EC_PKCS8);
        second = openssl.leaf(ca, "second", KeyFormat.EC_SEC1);
        third = openssl.leaf(ca, "third", KeyFormat.ED25519);
    }

    @BeforeEach
    void mountFirstVersion() throws IOException {
        volume = new SecretVolume(secret);
        volume.publish(first.cert(), first.key());
    }

    private void publish(Path cert, Path key) throws IOException {
        volume.publish(cert, key);
    }

    private Reloader<TlsMaterial> reloader(Duration pollInterval) {
        TlsSource.SecretDirectory source = new TlsSource.SecretDirectory(secret);
        TlsMaterialLoader loader = new TlsMaterialLoader(Clock.systemUTC());
        Reloader<TlsMaterial> reloader = new Reloader<>("server", source.files(), () -> loader.load(source), pollInterval, registry);
        reloader.onReload(reloaded::add);
        return reloader;
    }

    private static BigInteger serial(Pair pair) {
        return PemReader.certificates(OpenSsl.read(pair.cert())).getFirst().getSerialNumber();
    }

    private static BigInteger serial(TlsMaterial material) {
        return material.leaf().getSerialNumber();
    }

    private double count(String result) {
        return registry.get("sidecar.reloads").tag("name", "server").tag("result", result).counter().count();
    }

    private double stale() {
        return registry.get("sidecar.reload.stale").tag("name", "server").gauge().value();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void shouldPickUpNewPairWhenDataSymlinkIsSwapped() throws Exception {
        try (Reloader<TlsMaterial> reloader = reloader(Duration.ofMillis(200))) {
            assertEquals(serial(first), serial(reloader.start()));
            publish(second.cert(), second.key());
            await("second pair in service", () -> serial(reloader.current()).equals(serial(second)));
            assertEquals("CN=second", reloader.current().subject());
            await("listener called", () -> reloaded.size() == 1);
            assertSame(reloader.current(), reloaded.getFirst());
            assertEquals(1.0, count("success"));
            assertEquals(0.0, count("failure"));
            assertEquals(0.0, stale());
        }
    }

    @Test
    void shouldPickUpSwapFromWatchAloneWithLongPollInterval() throws Exception {
        try (Reloader<TlsMaterial> reloader = reloader(Duration.ofSeconds(60))) {
            reloader.start();
            publish(second.cert(), second.key());
            await("second pair in service without a poll", () -> serial(reloader.current()).equals(serial(second)));
            publish(third.cert(), third.key());
            await("third pair in service without a poll", () -> serial(reloader.current()).equals(serial(third)));
            assertEquals(2.0, count("success"));
        }
    }

    @Test
    void shouldKeepOldPairWhenNewOneIsBrokenThenRecover() throws Exception {
        try (Reloader<TlsMaterial> reloader = reloader(Duration.ofMillis(200))) {
            TlsMaterial original = reloader.start();
            assertEquals(0.0, stale());

            publish(second.cert(), first.key()); // a key that does not belong to the certificate
            await("failure counted", () -> count("failure") == 1.0);
            assertSame(original, reloader.current());
            assertEquals(serial(first), serial(reloader.current()));
            assertEquals(1.0, stale());

            Path garbage = Files.writeString(certs.resolve("garbage.pem"), "not a certificate\n");
            publish(garbage, second.key());
            await("second failure counted", () -> count("failure") == 2.0);
            assertEquals(serial(first), serial(reloader.current()));
            assertEquals(1.0, stale());
            assertEquals(List.of(), reloaded);
            assertEquals(0.0, count("success"));

            publish(second.cert(), second.key());
            await("good pair in service", () -> serial(reloader.current()).equals(serial(second)));
            assertEquals(0.0, stale());
            assertEquals(1.0, count("success"));
            assertEquals(2.0, count("failure"));
            await("listener called once", () -> reloaded.size() == 1);
        }
    }

    @Test
    void shouldNotReloadWhenNothingChanged() throws Exception {
        try (Reloader<TlsMaterial> reloader = reloader(Duration.ofSeconds(60))) {
            TlsMaterial original = reloader.start();
            assertFalse(reloader.checkNow());
            // the same bytes published again: events fire, but the content did not change
            publish(first.cert(), first.key());
            assertFalse(reloader.checkNow());
            Thread.sleep(300);
            assertSame(original, reloader.current());
            assertEquals(0.0, count("success"));
            assertEquals(0.0, count("failure"));
            assertEquals(List.of(), reloaded);
        }
    }

    @Test
    void shouldFailStartWhenFirstLoadFails() throws IOException {
        publish(second.cert(), first.key());
        try (Reloader<TlsMaterial> reloader = reloader(Duration.ofSeconds(60))) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, reloader::start);
            assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
        }
    }

    /** A whole new content at once, so that the watcher never reads a half-written file. */
    private static void replace(Path file, String content) throws IOException {
        Path tmp = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void shouldSurviveUnexpectedLoaderAndListenerFailures(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("value.txt"), "one");
        Reloader.Loader<String> loader = () -> {
            String text = OpenSsl.read(file);
            if (text.equals("explode")) {
                throw new UncheckedIOException(new IOException("disk on fire"));
            }
            return text;
        };
        try (Reloader<String> reloader = new Reloader<>("server", List.of(file), loader, Duration.ofMillis(100), registry)) {
            reloader.onReload(value -> {
                throw new IllegalStateException("listener bug");
            });
            List<String> seen = new CopyOnWriteArrayList<>();
            reloader.onReload(seen::add);
            assertEquals("one", reloader.start());
            replace(file, "explode");
            await("failure counted", () -> count("failure") == 1.0);
            assertEquals("one", reloader.current());
            assertEquals(1.0, stale());
            replace(file, "two");
            await("watcher still alive and reloading", () -> "two".equals(reloader.current()));
            await("second listener still called", () -> seen.equals(List.of("two")));
            replace(file, "three");
            await("watcher survives a failing listener", () -> "three".equals(reloader.current()));
        }
    }
}
