package com.coworking.bridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.coworking.bridge.support.LogLines;

/**
 * {@code --sandbox --watch}: a saved route file changes what the running bridge does on the next day played, without
 * a restart; a broken one is refused in the words of --check and the running routes stay.
 */
class RouteWatchTest {

    /** The route that carries out an action, with a filter an engineer might try: visitors get no door. */
    private static final String NO_VISITORS = """
                  uri: direct:carry-out-action
                  steps:
                    - filter:
                        id: no-door-for-visitors
                        description: An engineer's experiment - visitors get no door
                        expression:
                          simple:
                            expression: "${exchangeProperty.action.tagName} == 'Spacebring visitors'"
                        steps:
                          - stop: {}
            """;

    @Test
    void aSavedRouteIsReloadedAndTheDayPlayedAgainWithoutARestart(@TempDir Path folder) throws Exception {
        Path sync = folder.resolve("routes/sync.camel.yaml");
        try (Sandbox sandbox = Sandbox.create(folder, SandboxTest.onLoopbackWithTheTestDatabase()); LogLines log = LogLines.of("sandbox")) {
            sandbox.startAndWatch();
            assertThat(sandbox.daysPlayed().poll(3, TimeUnit.MINUTES)).as("the first day, with the packaged routes").isEmpty();
            CamelContext camel = sandbox.camelContext();
            Instant firstDayEnded = Instant.now();

            String packaged = packaged("routes/sync.camel.yaml");
            String edited = packaged.replace("      uri: direct:carry-out-action\n      steps:\n", NO_VISITORS);
            assertThat(edited).as("the edit applies").isNotEqualTo(packaged).contains("no-door-for-visitors");
            Files.writeString(sync, edited);

            List<String> second = sandbox.daysPlayed().poll(3, TimeUnit.MINUTES);
            assertThat(second).as("the day played again, with the edited route").isNotNull()
                    .anyMatch(failure -> failure.startsWith("vera@sandbox.example holds [Spacebring visitors]"));
            assertThat(second).as("nothing else changed").hasSize(1);
            assertThat(sandbox.camelContext()).isSameAs(camel);
            assertThat(camel.getUptime()).as("no restart").isGreaterThan(Duration.between(firstDayEnded, Instant.now()));
            assertThat(log.messages("sandbox")).anyMatch(line -> line.matches("Sandbox: \\[sync\\.camel\\.yaml] saved - \\d+ routes reloaded; .*"));

            int routes = camel.getRoutes().size();
            Files.writeString(sync, edited.replace("uri: direct:carry-out-action", "uri: nowhere:carry-out-action"));

            assertThat(sandbox.daysPlayed().poll(15, TimeUnit.SECONDS)).as("a broken file plays no day").isNull();
            assertThat(log.messages("sandbox")).anyMatch(line -> line.startsWith("Sandbox: [sync.camel.yaml] not reloaded, the running routes stay: ")
                    && line.contains("nowhere"));
            assertThat(camel.getRoutes()).hasSize(routes);
            assertThat(camel.getRouteController().getRouteStatus("carry-out-action")).isEqualTo(ServiceStatus.Started);

            Files.delete(sync);

            assertThat(sandbox.daysPlayed().poll(3, TimeUnit.MINUTES)).as("the packaged route again: every check passes").isEmpty();
        }
    }

    private static String packaged(String name) throws Exception {
        try (InputStream in = RouteWatchTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
