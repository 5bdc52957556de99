package com.coworking.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.coworking.bridge.link.Links;
import com.coworking.bridge.support.RunningBridge;
import com.coworking.bridge.support.SignedWebhooks;

/** How the bridge is started and watched: routes from the working directory, statistics over JMX. */
class BridgeApplicationTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void routesInTheWorkingDirectoryReplaceThePackagedOnes(@TempDir Path workingDirectory) throws Exception {
        Path routes = Files.createDirectories(workingDirectory.resolve("routes"));
        for (String file : new String[] {"intake.camel.yaml", "error-handling.camel.yaml"}) {
            Files.copy(Path.of("routes", file), routes.resolve(file));
        }
        Files.writeString(routes.resolve("hello.camel.yaml"), """
                - route:
                    id: hello
                    from:
                      uri: platform-http:/hello
                      steps:
                        - setBody:
                            expression:
                              constant:
                                expression: edited without a rebuild
                """);

        try (RunningBridge bridge = RunningBridge.startIn(workingDirectory, Map.of())) {
            HttpResponse<String> hello = http.send(HttpRequest.newBuilder(URI.create(bridge.url("/hello"))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(hello.body()).isEqualTo("edited without a rebuild");
            assertThat(bridge.camel().getRoute("spacebring-webhook-intake")).isNotNull();
        }
    }

    @Test
    void aRouteFileReplacesOnlyThePackagedFileOfTheSameName(@TempDir Path workingDirectory) throws Exception {
        Path routes = Files.createDirectories(workingDirectory.resolve("routes"));
        Files.writeString(routes.resolve("drift.camel.yaml"), """
                - route:
                    id: my-drift
                    from:
                      uri: platform-http:/my-drift
                      steps:
                        - setBody:
                            expression:
                              constant:
                                expression: replaced
                """);

        try (RunningBridge bridge = RunningBridge.startIn(workingDirectory, Map.of())) {
            assertThat(bridge.camel().getRoute("my-drift")).isNotNull();
            assertThat(bridge.camel().getRoute("drift-check-tag")).as("the packaged drift file is replaced").isNull();
            assertThat(bridge.camel().getRoute("sync-user")).as("the other packaged files stay").isNotNull();
            assertThat(bridge.camel().getRoute("spacebring-webhook-intake")).isNotNull();
        }
    }

    @Test
    void aWorkingDirectoryApplicationPropertiesWinsOverThePackagedOne(@TempDir Path workingDirectory) throws Exception {
        Files.writeString(workingDirectory.resolve("application.properties"), """
                bridge.link.location-ref = 4fe78c00-0000-4000-8000-000000000009
                camel.health.exposureLevel = full
                """);

        try (RunningBridge bridge = RunningBridge.startIn(workingDirectory, Map.of())) {
            assertThat(bridge.camel().getRegistry().lookupByNameAndType("links", Links.class).named(Links.DEFAULT).locationRef())
                    .isEqualTo("4fe78c00-0000-4000-8000-000000000009");
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(bridge.managementUrl("/observe/health"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).as("the packaged level is oneline").contains("checks");
        }
    }

    @Test
    void withoutARoutesFolderThePackagedRoutesRun(@TempDir Path emptyWorkingDirectory) throws Exception {
        try (RunningBridge bridge = RunningBridge.startIn(emptyWorkingDirectory, Map.of())) {
            assertThat(bridge.camel().getRoute("spacebring-webhook-intake")).isNotNull();
            assertThat(bridge.camel().getRoute("hello")).isNull();
        }
    }

    @Test
    void routeStatisticsAreVisibleAsMBeans() throws Exception {
        try (RunningBridge bridge = RunningBridge.start()) {
            new SignedWebhooks(bridge.url("/webhooks/spacebring"))
                    .send("{\"type\":\"event.created\",\"event\":{\"id\":\"e-1\"}}");

            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName intake = jmx.queryNames(new ObjectName(
                    "org.apache.camel:context=spacebring-luckey-bridge,type=routes,name=\"spacebring-webhook-intake\""), null)
                    .iterator().next();
            assertThat(jmx.getAttribute(intake, "ExchangesCompleted")).isEqualTo(1L);
            assertThat(jmx.getAttribute(intake, "State")).isEqualTo("Started");
        }
    }

    @Test
    void luckeysRateIsCountedOverAWindowALittleLongerThanItsSecond() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(Map.of("luckey.requests-per-second", "20"))) {
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> processors = jmx.queryNames(new ObjectName("org.apache.camel:type=processors,*"), null);
            ObjectName throttle = processors.stream().filter(name -> name.getKeyProperty("name").contains("keep-under-luckey-rate-limit"))
                    .findFirst().orElseThrow(() -> new AssertionError("no MBean of keep-under-luckey-rate-limit among " + processors));
            // A call slower on its way than the next must not make 21 in Luckey's own second: each 429 pauses every call
            assertThat(jmx.getAttribute(throttle, "TimePeriodMillis")).isEqualTo(1050L);
        }
    }
}
