package com.coworking.bridge.deploy;

import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.SandboxWorld;

/**
 * The files operators deploy with (deploy/) against the code: every metric and label the Grafana dashboard and the
 * Prometheus alerts name is exported by a running bridge's /observe/metrics; every alert has a summary and a runbook
 * section; the Kubernetes manifests probe the right paths and ports, name only real settings, and give the stop its time.
 */
class DeployFilesTest {

    /** Added by Prometheus itself, not by the bridge. */
    private static final Set<String> SCRAPE_METRICS = Set.of("up");
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");
    private static final Pattern METRIC = Pattern.compile("\\b((?:bridge|camel|jvm|process)_[a-z_]+|up)\\b");
    private static final Pattern SELECTOR = Pattern.compile("\\{([^}]*)}");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_]+)\\s*(?:=~|!=|=)");
    private static final Pattern GROUPING = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");

    private static SandboxWorld world;
    /** Metric name to the label names its samples carry. */
    private static final Map<String, Set<String>> exported = new HashMap<>();

    @BeforeAll
    static void scrapeARunningBridge() throws Exception {
        world = SandboxWorld.start(Map.of("camel.metrics.enabled", "true", "camel.management.metricsEnabled", "true"));
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        String ada = world.spacebring.inviteMember(world.location, "ada@example.com", "Ada", "Lovelace");
        world.spacebring.createSubscription(NewSubscription.forMember(world.location, ada, plan, Instant.now().minusSeconds(60), null));
        eventually(() -> world.luckey.tagMembers(SandboxWorld.PLAN_TAG_PREFIX + "Hot desk").contains("ada@example.com"));
        // The JVM's GC timer appears at its first collection
        System.gc();
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(world.bridge().managementUrl("/observe/metrics")))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? ");
        for (String line : text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList()) {
            Matcher m = sample.matcher(line);
            if (m.find()) {
                Set<String> labels = exported.computeIfAbsent(m.group(1), name -> new HashSet<>());
                if (m.group(2) != null) {
                    Matcher label = Pattern.compile("([a-zA-Z_]+)=\"").matcher(m.group(2));
                    while (label.find()) {
                        labels.add(label.group(1));
                    }
                }
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        world.close();
    }

    @Test
    void theDashboardNamesOnlyMetricsAndLabelsTheBridgeExports() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("deploy/grafana/bridge-dashboard.json").toFile());
        List<String> expressions = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> expressions.add(expr.asText()));
        dashboard.path("templating").path("list").forEach(variable -> expressions.add(variable.path("definition").asText()));

        assertThat(expressions).hasSizeGreaterThan(10);
        expressions.forEach(DeployFilesTest::assertExported);
        assertThat(dashboard.path("templating").path("list").get(0).path("name").asText()).isEqualTo("link");
        assertThat(dashboard.path("panels")).allSatisfy(panel -> assertThat(panel.path("title").asText()).isNotBlank());
    }

    @Test
    void everyAlertNamesExportedMetricsAndHasASummaryAndARunbookSection() throws Exception {
        Map<String, Object> file = yaml(Path.of("deploy/prometheus/bridge-alerts.yaml"));
        String runbook = Files.readString(Path.of("docs/runbook.md"));
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Object group : (List<?>) file.get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> r = (Map<String, Object>) rule;
                rules.add(r);
            }
        }

        assertThat(rules).extracting(r -> r.get("alert")).contains("BridgeDown", "WebhooksNotApplied", "DeadLettersWaiting",
                "NoCompletePoll", "LuckeyAccountFrozen", "SpacebringFailing", "LuckeyFailing", "LinkPausedForADay", "LinkInDryRunForADay");
        for (Map<String, Object> rule : rules) {
            assertExported((String) rule.get("expr"));
            @SuppressWarnings("unchecked")
            Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
            assertThat(annotations.get("summary")).as(rule.get("alert") + " summary").isNotBlank();
            String anchor = annotations.get("runbook_url").replaceFirst("^docs/runbook\\.md#", "");
            assertThat(runbook).as(rule.get("alert") + " runbook section").containsPattern("(?mi)^## " + anchor.replace('-', ' ') + "$");
        }
    }

    @Test
    void theManifestsProbeTheRightPortsAndPathsNameRealSettingsAndGiveTheStopItsTime() throws Exception {
        Path base = Path.of("deploy/kubernetes/base");
        Map<String, Object> kustomization = yaml(base.resolve("kustomization.yaml"));
        assertThat((List<?>) kustomization.get("resources")).allSatisfy(file -> assertThat(base.resolve((String) file)).exists());
        Map<String, Object> deployment = yaml(base.resolve("deployment.yaml"));
        Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
        Map<String, Object> container = list(pod, "containers").get(0);
        Map<String, Integer> ports = new HashMap<>();
        list(container, "ports").forEach(port -> ports.put((String) port.get("name"), (Integer) port.get("containerPort")));
        Map<String, String> settings = stringMap(map(yaml(base.resolve("configmap.yaml")), "data"));
        Map<String, String> secrets = stringMap(map(yaml(base.resolve("secret.example.yaml")), "stringData"));
        String envExample = Files.readString(Path.of(".env.example"));

        assertThat(ports).containsEntry("http", Integer.valueOf(settings.get("HTTP_PORT")))
                .containsEntry("management", Integer.valueOf(settings.get("MANAGEMENT_PORT")));
        assertThat(map(map(container, "livenessProbe"), "httpGet")).containsEntry("path", "/observe/health/live").containsEntry("port", "management");
        assertThat(map(map(container, "readinessProbe"), "httpGet")).containsEntry("path", "/observe/health/ready").containsEntry("port", "management");
        assertThat(settings.keySet()).as("every setting named is one the bridge reads").allSatisfy(name ->
                assertThat(envExample).containsPattern("(?m)^#? ?" + name + "="));
        assertThat(secrets.keySet()).allSatisfy(name -> assertThat(envExample).containsPattern("(?m)^#? ?" + name + "="));
        assertThat(secrets.values()).as("placeholders only").allSatisfy(value -> assertThat(value).matches("whsec_REPLACE_ME|REPLACE_ME|bridge"));
        assertThat(settings.get("JAVA_OPTS")).as("as .env.example recommends").isEqualTo(
                envExample.lines().filter(l -> l.startsWith("JAVA_OPTS=")).findFirst().orElseThrow().substring("JAVA_OPTS=".length()));

        int preStop = Integer.parseInt((String) ((List<?>) map(map(map(container, "lifecycle"), "preStop"), "exec").get("command")).get(1));
        int shutdown = Integer.parseInt(settings.get("SHUTDOWN_TIMEOUT_SECONDS"));
        assertThat((Integer) pod.get("terminationGracePeriodSeconds")).as("preStop + shutdown timeout + the JVM's exit")
                .isGreaterThanOrEqualTo(preStop + shutdown + 5);
        assertThat(map(pod, "securityContext")).containsEntry("runAsNonRoot", true);
        assertThat(map(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true);
        int heapMb = Integer.parseInt(settings.get("JAVA_OPTS").replaceAll(".*-Xmx(\\d+)m.*", "$1"));
        int limitMb = Integer.parseInt(((String) map(map(container, "resources"), "limits").get("memory")).replace("Mi", ""));
        assertThat(limitMb).as("the heap and about 150 MB beside it").isGreaterThanOrEqualTo(heapMb + 150);
    }

    /** Every metric the expression names is exported, with every label it selects or groups by. */
    private static void assertExported(String expression) {
        Matcher metric = METRIC.matcher(expression);
        Set<String> names = new HashSet<>();
        while (metric.find()) {
            String name = metric.group(1);
            names.add(name);
            if (!SCRAPE_METRICS.contains(name)) {
                assertThat(exported).as("%s in: %s", name, expression).containsKey(name);
            }
        }
        Set<String> labels = new HashSet<>();
        for (Pattern where : List.of(SELECTOR, GROUPING)) {
            Matcher m = where.matcher(expression);
            while (m.find()) {
                Matcher label = (where == SELECTOR ? LABEL : Pattern.compile("([a-zA-Z_]+)")).matcher(m.group(1));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
        labels.removeAll(TARGET_LABELS);
        for (String label : labels) {
            assertThat(names.stream().filter(name -> !SCRAPE_METRICS.contains(name)).anyMatch(name -> exported.get(name).contains(label)))
                    .as("label %s of a metric in: %s", label, expression).isTrue();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws java.io.IOException {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String key) {
        return (Map<String, Object>) ((Map<String, Object>) node).get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> node, String key) {
        return (List<Map<String, Object>>) node.get(key);
    }

    private static Map<String, String> stringMap(Map<String, Object> node) {
        Map<String, String> strings = new HashMap<>();
        node.forEach((key, value) -> strings.put(key, String.valueOf(value)));
        return strings;
    }
}
