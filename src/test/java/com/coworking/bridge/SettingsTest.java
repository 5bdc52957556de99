package com.coworking.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.coworking.bridge.base.SetupProblem;

/**
 * Settings, for every key: environment variable over the working directory's application.properties over the
 * packaged file (the real packaged application.properties, and a real file in a folder).
 */
class SettingsTest {

    @Test
    void thePackagedFileAloneGivesItsDefaults(@TempDir Path empty) {
        Map<String, String> settings = Settings.load(empty, Map.of());

        assertThat(settings).containsEntry("camel.management.port", "9876").containsEntry("camel.main.name", "spacebring-luckey-bridge")
                .containsEntry("bridge.link.location-ref", "").containsEntry("camel.health.exposureLevel", "oneline");
    }

    @Test
    void theWorkingDirectoryFileWinsOverThePackagedOneForEveryKeyItSets(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("application.properties"), """
                camel.management.port = 9999
                camel.health.exposureLevel = full
                bridge.link.location-ref = 4fe78c00-0000-4000-8000-000000000001
                camel.main.name = my-bridge
                bridge.tags.plan.7f3c2a90-0000-4000-8000-000000000001 = Front door
                """);

        Map<String, String> settings = Settings.load(folder, Map.of());

        assertThat(settings).containsEntry("camel.management.port", "9999").containsEntry("camel.health.exposureLevel", "full")
                .containsEntry("bridge.link.location-ref", "4fe78c00-0000-4000-8000-000000000001")
                .containsEntry("camel.main.name", "my-bridge")
                .containsEntry("bridge.tags.plan.7f3c2a90-0000-4000-8000-000000000001", "Front door")
                .as("keys the file does not set keep the packaged values").containsEntry("camel.server.port", "8080");
    }

    @Test
    void anEnvironmentVariableWinsOverBothFiles(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("application.properties"), "camel.management.port = 9999\n");

        Map<String, String> settings = Settings.load(folder, Map.of("MANAGEMENT_PORT", "7777", "HTTP_PORT", "8181"));

        assertThat(settings).containsEntry("camel.management.port", "7777").containsEntry("camel.server.port", "8181");
    }

    @Test
    void aWorkingDirectoryValueWithItsOwnPlaceholderReadsThatVariable(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("application.properties"), "bridge.link.location-ref = {{env:MY_LOCATION:none}}\n");

        assertThat(Settings.load(folder, Map.of("MY_LOCATION", "x"))).containsEntry("bridge.link.location-ref", "x");
        assertThat(Settings.load(folder, Map.of())).containsEntry("bridge.link.location-ref", "none");
    }

    @Test
    void aKeyTheBridgeDoesNotReadStopsTheStartNamingTheLineAndTheFix(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("application.properties"), """
                # my settings
                bridge.link.location-ref = 4fe78c00-0000-4000-8000-000000000001
                HTTP_PORT = 8383
                bridge.tags.plan-templat = Door: {title}
                bridge.tags.plan.7f3c2a90-0000-4000-8000-000000000001 = Front door
                camel.main.name = mine
                """);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Settings.load(folder, Map.of())).isInstanceOf(SetupProblem.class)
                .hasMessage(folder.resolve("application.properties") + ": unknown key 'HTTP_PORT' (line 3) - that is an environment "
                        + "variable; in this file the key is camel.server.port; unknown key 'bridge.tags.plan-templat' (line 4) - did you "
                        + "mean bridge.tags.plan-template?");
    }

    @Test
    void theRepositorysOwnFilesReplaceNothingAndTheLogNamesNoKey() {
        // Run from the repository root, as a developer does: its application.properties and routes/ are the packaged ones
        try (var log = com.coworking.bridge.support.LogLines.of(Settings.class.getName())) {
            assertThat(Settings.load(Path.of(""), Map.of())).containsEntry("camel.server.port", "8080");
            assertThat(log.messages(Settings.class.getName())).noneMatch(line -> line.startsWith("Settings from"));
        }
        assertThat(BridgeApplication.routes(Path.of("").toAbsolutePath(), java.util.Set.of())).as("every route from the jar").doesNotContain("file:");
    }
}
