package dev.sidecars.ambassador;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The allow-list decisions, as tables. */
class IdentityPolicyTest {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "spiffe://cluster/ns/search/*   | spiffe://cluster/ns/search/indexer       | true",
            "spiffe://cluster/ns/search/*   | spiffe://cluster/ns/search/sa/indexer    | false",
            "spiffe://cluster/ns/search/*   | spiffe://cluster/ns/search               | false",
            "spiffe://cluster/ns/search/*   | spiffe://cluster/ns/search/              | false",
            "spiffe://cluster/ns/search/**  | spiffe://cluster/ns/search/sa/indexer    | true",
            "spiffe://cluster/ns/search/**  | spiffe://cluster/ns/search/a             | true",
            "spiffe://cluster/ns/search/**  | spiffe://cluster/ns/search               | false",
            "spiffe://cluster/ns/search/**  | spiffe://cluster/ns/search//x            | false",
            "spiffe://cluster/ns/*/sa/api   | spiffe://cluster/ns/billing/sa/api       | true",
            "spiffe://cluster/ns/*/sa/api   | spiffe://cluster/ns/billing/sa/web       | false",
            "spiffe://cluster/ns/search/x   | spiffe://cluster/ns/search/x             | true",
            "spiffe://cluster/ns/search/x   | spiffe://cluster/ns/search/X             | false",
            "spiffe://cluster/ns/search/x   | SPIFFE://CLUSTER/ns/search/x             | true",
            "spiffe://cluster/ns/search/*   | spiffe://other/ns/search/indexer         | false",
            "spiffe://cluster/ns/search/*   | spiffe://cluster.evil/ns/search/indexer  | false",
            "spiffe://cluster/ns/search/*   | https://cluster/ns/search/indexer        | false",
            "spiffe://cluster/ns/search/*   | not a uri                                | false",
    })
    void shouldMatchSpiffeWildcards(String pattern, String uri, boolean expected) {
        assertEquals(expected, UriPattern.parse(pattern).matches(uri));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "spiffe://cluster/ns/search/x*    | partial wildcard",
            "spiffe://cluster/**/sa           | ** before the last segment",
            "spiffe://*/ns/search             | wildcard outside the path",
            "cluster/ns/search                | absolute URI",
    })
    void shouldRejectAmbiguousPatterns(String pattern, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UriPattern.parse(pattern));
        assertTrue(e.getMessage().contains(reason.split(" ")[0]), e.getMessage());
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "*.search.svc   | indexer.search.svc        | true",
            "*.search.svc   | INDEXER.Search.svc        | true",
            "*.search.svc   | a.b.search.svc            | false",
            "*.search.svc   | search.svc                | false",
            "*.search.svc   | .search.svc               | false",
            "*.search.svc   | indexer.search.svc.evil   | false",
            "api.example    | api.example               | true",
            "api.example    | x.api.example             | false",
    })
    void shouldMatchDnsNames(String allowed, String name, boolean expected) {
        assertEquals(expected, IdentityPolicy.dnsMatches(allowed, name));
    }

    private static final IdentityPolicy POLICY = new IdentityPolicy(List.of("legacy-client"), List.of("*.search.svc"),
            List.of(UriPattern.parse("spiffe://cluster/ns/search/**")));

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "CN=legacy-client                                   | true  | cn",
            "CN=x DNS=indexer.search.svc                        | true  | dns_san",
            "CN=x URI=spiffe://cluster/ns/search/sa/indexer     | true  | uri_san",
            "CN=x URI=spiffe://cluster/ns/billing/sa/api        | false | identity_not_allowed",
            "CN=LEGACY-CLIENT                                   | false | identity_not_allowed",
            "none                                               | false | no_client_certificate",
    })
    void shouldDecideOnEveryIdentityKind(String identity, boolean allowed, String reason) {
        IdentityPolicy.Decision d = POLICY.check(peer(identity));
        assertEquals(allowed, d.allowed());
        assertEquals(reason, d.reason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"none | no_allow_list", "CN=anyone | verified"})
    void shouldAllowEveryVerifiedClientWithoutAllowLists(String identity, String reason) {
        IdentityPolicy.Decision d = IdentityPolicy.open().check(peer(identity));
        assertTrue(d.allowed());
        assertEquals(reason, d.reason());
    }

    private static PeerIdentity peer(String text) {
        if (text.equals("none")) {
            return PeerIdentity.NONE;
        }
        String cn = null;
        List<String> dns = List.of();
        List<String> uris = List.of();
        for (String part : text.split(" ")) {
            String[] kv = part.split("=", 2);
            switch (kv[0]) {
                case "CN" -> cn = kv[1];
                case "DNS" -> dns = List.of(kv[1]);
                case "URI" -> uris = List.of(kv[1]);
                default -> throw new IllegalArgumentException(part);
            }
        }
        return new PeerIdentity(true, cn, dns, uris);
    }
}
