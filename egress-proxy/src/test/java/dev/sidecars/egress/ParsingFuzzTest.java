package dev.sidecars.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/**
 * Random strings over an alphabet of the characters that matter to host and authority parsing.
 * A fixed seed keeps failures reproducible; the parsers must only ever throw IllegalArgumentException,
 * and whatever they accept must print back to something they parse to the same value.
 */
class ParsingFuzzTest {

    private static final String ALPHABET = "[]:.%@/?#*-_ 0123456789abcdefxAFX\t\u00fc\u3002\uff11\u0000";
    private static final String[] PIECES = {"::", "ffff", "127", "0x7f", "255", "256", "localhost", "xn--", "[::1]",
            ":80", ":443", ":65536", "example", ".com", "%25", "1.2.3.4", "\u00fcber", "\ud83d\ude00", "\ud800"};

    private static String randomInput(Random random) {
        StringBuilder out = new StringBuilder();
        int parts = random.nextInt(8);
        for (int i = 0; i < parts; i++) {
            if (random.nextBoolean()) {
                out.append(PIECES[random.nextInt(PIECES.length)]);
            } else {
                out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
        }
        return out.toString();
    }

    @Test
    void shouldOnlyEverThrowIllegalArgumentException() {
        Random random = new Random(20261122L);
        List<Function<String, Object>> parsers = List.of(Host::parse, s -> Authority.parse(s, 80),
                Authority::parseConnectTarget, Cidr::parse, s -> AllowList.parse(List.of(s)), AllowList::parseFile,
                s -> Routes.parse(List.of("http://localhost/api=http://" + s + "/x")), s -> Routes.parse(List.of(s)));
        int accepted = 0;
        for (int i = 0; i < 3_000; i++) {
            String input = randomInput(random);
            for (Function<String, Object> parser : parsers) {
                try {
                    parser.apply(input);
                    accepted++;
                } catch (IllegalArgumentException expected) {
                    // the only allowed failure
                } catch (RuntimeException | Error e) {
                    fail("input \"" + input + "\" threw " + e, e);
                }
            }
        }
        assertTrue(accepted > 100, "the generator should also produce valid inputs, got " + accepted);
    }

    @Test
    void shouldRoundTripAcceptedAuthorities() {
        Random random = new Random(42L);
        int accepted = 0;
        for (int i = 0; i < 3_000; i++) {
            String input = randomInput(random);
            Authority authority;
            try {
                authority = Authority.parse(input, 80);
            } catch (IllegalArgumentException rejected) {
                continue;
            }
            accepted++;
            assertEquals(authority, Authority.parse(authority.text(), 1), "round trip of \"" + input + "\"");
            assertEquals(authority.host(), Host.parse(authority.host().text()), "host round trip of \"" + input + "\"");
            String text = authority.host().text();
            assertTrue(text.chars().allMatch(c -> c < 0x7f && c > ' ' && c != '%' && c != '@' && c != '['),
                    "canonical text must be plain ASCII: " + text);
        }
        assertTrue(accepted > 50, "the generator should also produce valid authorities, got " + accepted);
    }
}
