package dev.sidecars.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EgressPolicyTest {

    private static final EgressPolicy POLICY = new EgressPolicy(
            AllowList.parse(List.of("api.example.com", "*.cdn.example", "partner.example:8443", "93.184.216.34",
                    "169.254.169.254", "10.96.0.10", "10.1.2.3")),
            new AddressPolicy(List.of(Cidr.parse("10.96.0.0/12"))),
            Set.of(443));

    private static InetAddress ip(String text) {
        return ((Host.Ip) Host.parse(text)).address();
    }

    /** target | connect | allowed | reason | matched entry */
    @ParameterizedTest(name = "{0} connect={1} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            api.example.com             | false | true  | allowed          | api.example.com
            api.example.com:80          | false | true  | allowed          | api.example.com
            API.EXAMPLE.COM.            | false | true  | allowed          | api.example.com
            api.example.com:443         | true  | true  | allowed          | api.example.com
            api.example.com:443         | false | false | port-not-allowed | NONE
            api.example.com:80          | true  | false | port-not-allowed | NONE
            api.example.com:22          | true  | false | port-not-allowed | NONE
            img.cdn.example:443         | true  | true  | allowed          | *.cdn.example
            cdn.example:443             | true  | false | not-allowed      | NONE
            partner.example:8443        | true  | true  | allowed          | partner.example:8443
            partner.example:8443        | false | true  | allowed          | partner.example:8443
            partner.example:443         | true  | false | port-not-allowed | NONE
            evil.example:443            | true  | false | not-allowed      | NONE
            93.184.216.34               | false | true  | allowed          | 93.184.216.34
            93.184.216.35               | false | false | not-allowed      | NONE
            169.254.169.254             | false | false | denied-address   | NONE
            10.96.0.10                  | false | true  | allowed          | 10.96.0.10
            10.1.2.3                    | false | false | denied-address   | NONE
            [::ffff:169.254.169.254]    | false | false | not-allowed      | NONE
            """)
    void shouldDecideTarget(String target, boolean connect, boolean allowed, String reason, String entry) {
        Authority authority = connect ? Authority.parseConnectTarget(target) : Authority.parse(target, 80);
        Decision decision = POLICY.checkTarget(authority, connect);
        assertEquals(allowed, decision.allowed(), decision.detail());
        assertEquals(reason, decision.reason());
        assertEquals(entry, decision.matchedEntry());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            93.184.216.34       | true  | allowed
            2606:4700::1111     | true  | allowed
            127.0.0.1           | false | denied-address
            169.254.169.254     | false | denied-address
            10.1.2.3            | false | denied-address
            10.96.0.10          | true  | allowed
            ::ffff:10.96.0.10   | false | denied-address
            fd00::1             | false | denied-address
            """)
    void shouldDecideResolvedAddress(String address, boolean allowed, String reason) {
        Decision decision = POLICY.checkAddress(ip(address));
        assertEquals(allowed, decision.allowed(), decision.detail());
        assertEquals(reason, decision.reason());
    }

    @Test
    void shouldNameTheDeniedRangeInTheDetail() {
        Decision decision = POLICY.checkAddress(ip("169.254.169.254"));
        assertEquals("169.254.169.254 is in the denied range link-local 169.254.0.0/16 (cloud metadata)", decision.detail());
    }

    @Test
    void shouldSwapAllowListOnReload() {
        Authority target = Authority.parse("new.example", 80);
        assertEquals("not-allowed", POLICY.checkTarget(target, false).reason());
        EgressPolicy reloaded = POLICY.withAllowList(AllowList.parse(List.of("new.example")));
        assertTrue(reloaded.checkTarget(target, false).allowed());
        assertFalse(reloaded.checkTarget(Authority.parse("api.example.com", 80), false).allowed());
        // the address policy is kept
        assertTrue(reloaded.checkAddress(ip("10.96.0.10")).allowed());
    }

    @Test
    void shouldUseConfiguredConnectPorts() {
        EgressPolicy policy = new EgressPolicy(AllowList.parse(List.of("db.example")), new AddressPolicy(List.of()),
                Set.of(443, 5432));
        assertTrue(policy.checkTarget(Authority.parseConnectTarget("db.example:5432"), true).allowed());
        assertEquals("port-not-allowed", policy.checkTarget(Authority.parseConnectTarget("db.example:22"), true).reason());
        assertEquals("port-not-allowed", policy.checkTarget(Authority.parse("db.example:5432", 80), false).reason());
    }

    @Test
    void shouldRejectEmptyConnectPorts() {
        assertThrows(IllegalArgumentException.class,
                () -> new EgressPolicy(AllowList.empty(), new AddressPolicy(List.of()), Set.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new EgressPolicy(AllowList.empty(), new AddressPolicy(List.of()), Set.of(0)));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource({"Not-Allowed", "not allowed", "notAllowed", "-x", "x-", "''"})
    void shouldRejectReasonThatIsNotKebabCase(String reason) {
        assertThrows(IllegalArgumentException.class, () -> Decision.deny(reason, "detail"));
    }

    @Test
    void shouldBuildDecisions() {
        assertEquals(new Decision(true, "allowed", "allowed by a.example", "a.example"), Decision.allow("a.example"));
        assertEquals(new Decision(false, "invalid-target", "bad", null), Decision.deny("invalid-target", "bad"));
        Routes.Route route = new Routes.Route("/api", "http://numbers-api/rng");
        assertEquals(new Decision(true, "route", "route /api -> http://numbers-api/rng", "/api"), Decision.route(route));
    }
}
