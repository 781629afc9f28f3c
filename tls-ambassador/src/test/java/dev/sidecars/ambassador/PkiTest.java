package dev.sidecars.ambassador;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A test class whose tests share a CA and its server and client certificates, made once per class with openssl. */
abstract class PkiTest {

    @TempDir
    static Path dir;

    static TestPki pki;

    @BeforeAll
    static void certificates() {
        pki = new TestPki(dir);
    }
}
