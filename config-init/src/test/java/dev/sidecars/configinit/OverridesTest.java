package dev.sidecars.configinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Env keys, case matching, coercion and who-set-what: the pure part of the override layers. */
class OverridesTest {

    private static final String BASE = """
            {"Application":{"Environment":"DEV","Port":8080,"Debug":false,"Ratio":0.5},
             "Servers":[{"Host":"a"},{"Host":"b"}],"Mixed":{"key":1,"KEY":2}}""";

    static Object merged(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        List<KeyOverride> overrides = KeyOverride.fromPrefixedEnv(env, "APP_", java.util.Set.of(), problems);
        assertEquals(List.of(), problems);
        return ConfigMerger.merge(List.of(new ConfigMerger.Document("base.json", MergeTest.json(BASE), java.util.Set.of())),
                overrides, ArrayMode.REPLACE).tree();
    }

    static Stream<Arguments> envOverrides() {
        return Stream.of(
                Arguments.of("exact case", "APP_Application__Environment", "TEST", List.of("Application", "Environment"), "TEST"),
                Arguments.of("upper case matched to the existing key", "APP_APPLICATION__ENVIRONMENT", "TEST", List.of("Application", "Environment"), "TEST"),
                Arguments.of("number coerced", "APP_application__port", "9090", List.of("Application", "Port"), 9090L),
                Arguments.of("float coerced", "APP_Application__Ratio", "0.75", List.of("Application", "Ratio"), 0.75),
                Arguments.of("boolean coerced", "APP_Application__Debug", "true", List.of("Application", "Debug"), true),
                Arguments.of("array index", "APP_SERVERS__1__HOST", "z", List.of("Servers", "1", "Host"), "z"),
                Arguments.of("array append at the end", "APP_Servers__2__Host", "c", List.of("Servers", "2", "Host"), "c"),
                Arguments.of("new key keeps its case", "APP_NEW__Key", "v", List.of("NEW", "Key"), "v"),
                Arguments.of("exact match wins over ambiguity", "APP_Mixed__KEY", "7", List.of("Mixed", "KEY"), 7L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envOverrides")
    void shouldApplyEnvOverrides(String name, String variable, String value, List<String> path, Object expected) {
        assertEquals(expected, ConfigMerger.get(merged(Map.of(variable, value)), path));
    }

    @Test
    void shouldDeleteAKeyWithTheNullMarker() {
        Object tree = merged(Map.of("APP_Application__Debug", "${null}"));
        assertEquals(List.of("Environment", "Port", "Ratio"), List.copyOf(((Map<?, ?>) ConfigMerger.get(tree, List.of("Application"))).keySet()));
    }

    static Stream<Arguments> conflicts() {
        return Stream.of(
                Arguments.of("APP_Application__Port", "eighty", "key Application.Port: \"eighty\" from env APP_Application__Port is not a number as the existing value is (set by file base.json)"),
                Arguments.of("APP_Application__Debug", "yes", "key Application.Debug: \"yes\" from env APP_Application__Debug is not a boolean (true or false) as the existing value is (set by file base.json)"),
                Arguments.of("APP_Application", "x", "key Application: \"x\" from env APP_Application is text, but the existing value is an object (set its keys with __) (set by file base.json)"),
                Arguments.of("APP_mixed__Key", "1", "env APP_mixed__Key: key mixed.Key: \"Key\" matches [key, KEY] ignoring case; write the exact case"),
                Arguments.of("APP_Servers__5__Host", "x", "env APP_Servers__5__Host: key Servers.5.Host: index 5 is beyond the end of an array of 2"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("conflicts")
    void shouldNameTheKeyAndLayersOfAConflict(String variable, String value, String expected) {
        InputException e = assertThrows(InputException.class, () -> merged(Map.of(variable, value)));
        assertEquals(List.of(expected), e.problems());
    }

    @Test
    void shouldNeverShowASecretValueInAConflict() {
        List<KeyOverride> secret = KeyOverride.fromSecretFiles(Map.of("Application__Port", "hunter2\n"), new ArrayList<>());
        InputException e = assertThrows(InputException.class, () -> ConfigMerger.merge(
                List.of(new ConfigMerger.Document("base.json", MergeTest.json(BASE), java.util.Set.of())), secret, ArrayMode.REPLACE));
        assertTrue(e.getMessage().contains("the value from secret file Application__Port is not a number"), e.getMessage());
        assertTrue(!e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void shouldRecordWhichLayerSetEachOverriddenKey() {
        List<String> problems = new ArrayList<>();
        List<KeyOverride> overrides = new ArrayList<>(KeyOverride.fromPrefixedEnv(Map.of("APP_Application__Environment", "TEST"), "APP_", java.util.Set.of(), problems));
        overrides.addAll(KeyOverride.fromMappings(List.of(new ConfigInitConfig.Mapping("Application.Port", "PORT")), Map.of("PORT", "1"), problems));
        overrides.addAll(KeyOverride.fromSecretFiles(Map.of("Db__Password", "pw"), problems));
        ConfigMerger.Result r = ConfigMerger.merge(List.of(
                new ConfigMerger.Document("base.json", MergeTest.json(BASE), java.util.Set.of()),
                new ConfigMerger.Document("prod.json", MergeTest.json("{\"Application\":{\"Debug\":true},\"Extra\":1}"), java.util.Set.of())),
                overrides, ArrayMode.REPLACE);
        assertEquals(List.of(
                new ConfigMerger.Provenance("Application.Debug", "file prod.json"),
                new ConfigMerger.Provenance("Application.Environment", "env APP_Application__Environment"),
                new ConfigMerger.Provenance("Application.Port", "env PORT (CONFIG_INIT_MAP)"),
                new ConfigMerger.Provenance("Db.Password", "secret file Db__Password")), r.overridden());
        assertEquals(java.util.Set.of(List.of("Db", "Password")), r.secretKeys());
    }

    @Test
    void shouldFailWhenAMappedVariableIsNotSet() {
        List<String> problems = new ArrayList<>();
        KeyOverride.fromMappings(List.of(new ConfigInitConfig.Mapping("Application.Environment", "APP_ENVIRONMENT")), Map.of(), problems);
        assertEquals(List.of("CONFIG_INIT_MAP: Application.Environment is mapped from APP_ENVIRONMENT, which is not set"), problems);
    }

    @Test
    void shouldNotApplyAMappedVariableAgainAsAPrefixedOne() {
        List<String> problems = new ArrayList<>();
        List<KeyOverride> overrides = KeyOverride.fromPrefixedEnv(Map.of("APP_ENVIRONMENT", "TEST", "APP_Other", "x"), "APP_",
                java.util.Set.of("APP_ENVIRONMENT"), problems);
        assertEquals(List.of(new KeyOverride("env APP_Other", List.of("Other"), "x", false)), overrides);
    }

    @Test
    void shouldIgnoreKubernetesServiceLinksOfAServiceNamedLikeThePrefix() {
        List<String> problems = new ArrayList<>();
        List<KeyOverride> overrides = KeyOverride.fromPrefixedEnv(Map.of(
                "APP_SERVICE_HOST", "10.0.0.1", "APP_SERVICE_PORT", "80", "APP_SERVICE_PORT_HTTP", "80", "APP_PORT", "tcp://10.0.0.1:80",
                "APP_PORT_80_TCP", "tcp://10.0.0.1:80", "APP_PORT_80_TCP_ADDR", "10.0.0.1", "APP_Server__Port", "80"), "APP_", java.util.Set.of(), problems);
        assertEquals(List.of(new KeyOverride("env APP_Server__Port", List.of("Server", "Port"), "80", false)), overrides);
    }

    @Test
    void shouldSetArrayElementsInIndexOrderBeyondTen() {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < 12; i++) {
            env.put("APP_List__" + i, "v" + i);
        }
        Object list = ConfigMerger.get(merged(env), List.of("List"));
        assertEquals(List.of("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11"), list);
    }

    @Test
    void shouldRejectEmptyKeySegments() {
        List<String> problems = new ArrayList<>();
        KeyOverride.fromPrefixedEnv(Map.of("APP_A____B", "x"), "APP_", java.util.Set.of(), problems);
        assertEquals(List.of("env APP_A____B: \"A____B\" has an empty key segment (expected Section__Key__0__Name)"), problems);
    }
}
