package com.coworking.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.coworking.bridge.support.LogLines;

/**
 * {@code --check} names every problem, one line each, in a working directory with real settings and route files
 * (run in this JVM; StartFaultsIT runs the packaged jar).
 */
class CheckTest {

    private static final String LOGGER = BridgeApplication.class.getName();

    @Test
    void theRepositorysOwnFilesPass() {
        try (LogLines log = LogLines.of(LOGGER)) {
            assertThat(BridgeApplication.check(Path.of("").toAbsolutePath())).isZero();
            assertThat(log.messages(LOGGER)).anyMatch(line -> line.startsWith("Check passed: settings, LINKS_FILE and "));
        }
    }

    @Test
    void everyWrongSettingIsALineOfItsOwn(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("application.properties"), """
                HTTP_PORT = 8383
                bridge.tags.plan-templat = Plan {title}
                bridge.webhook.secret = whsec_not-base64
                bridge.db.url = postgres://db.example.com/bridge
                """);

        List<String> errors = errorsOfCheck(folder);

        assertThat(errors).hasSize(4);
        assertThat(errors.get(0)).contains("unknown key 'HTTP_PORT' (line 1)");
        assertThat(errors.get(1)).contains("unknown key 'bridge.tags.plan-templat' (line 2)").contains("did you mean bridge.tags.plan-template?");
        assertThat(errors.get(2)).startsWith("Check failed: SPACEBRING_WEBHOOK_SECRET");
        assertThat(errors.get(3)).startsWith("Check failed: DB_URL").contains("is not a PostgreSQL JDBC URL");
    }

    @Test
    void everyBrokenRouteFileAndEveryBrokenRouteIsALineOfItsOwn(@TempDir Path folder) throws Exception {
        Path routes = Files.createDirectories(folder.resolve("routes"));
        Files.writeString(routes.resolve("instance.camel.yaml"), Files.readString(Path.of("routes/instance.camel.yaml"))
                .replace("ref: bridgeInstance", "ref: bridgeInstanse"));
        Files.writeString(routes.resolve("drift.camel.yaml"), Files.readString(Path.of("routes/drift.camel.yaml"))
                .replace("ref: driftCheck", "ref: driftCheque"));
        Files.writeString(routes.resolve("extra-one.camel.yaml"), """
                - route:
                    id: extra-one
                    from:
                      uri: timer:one
                      steps:
                        - setBody:
                            expression:
                              simpel:
                                expression: x
                """);
        Files.writeString(routes.resolve("extra-two.camel.yaml"), """
                - route:
                    id: extra-two
                    from:
                      uri: timer:two
                      steps:
                        - lgo:
                            message: x
                """);

        List<String> errors = errorsOfCheck(folder);

        assertThat(errors).hasSize(4);
        assertThat(errors).anySatisfy(line -> assertThat(line).contains("Unknown expression with id: simpel")
                .contains(routes.resolve("extra-one.camel.yaml") + ", line 8,"));
        assertThat(errors).anySatisfy(line -> assertThat(line).contains("lgo").contains(routes.resolve("extra-two.camel.yaml").toString()));
        assertThat(errors).anySatisfy(line -> assertThat(line).contains("route bridge-heartbeat: NoSuchBeanException").contains("bridgeInstanse"));
        assertThat(errors).anySatisfy(line -> assertThat(line).contains("NoSuchBeanException").contains("driftCheque"));
    }

    private static List<String> errorsOfCheck(Path folder) {
        try (LogLines log = LogLines.of(LOGGER)) {
            assertThat(BridgeApplication.check(folder)).isEqualTo(1);
            return log.warnings(LOGGER);
        }
    }
}
