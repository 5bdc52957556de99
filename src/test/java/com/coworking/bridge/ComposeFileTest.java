package com.coworking.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** docker-compose.yml and .env.example say what the bridge reads. */
class ComposeFileTest {

    @Test
    void theEnvExampleListsEverySettingTheBridgeReads() throws IOException {
        TreeSet<String> variables = new TreeSet<>();
        String settings = String.join("\n", Files.readAllLines(Path.of("application.properties")).stream()
                .filter(line -> !line.startsWith("#")).toList());
        Matcher env = Pattern.compile("\\{\\{env:([A-Z][A-Z0-9_]*):").matcher(settings);
        while (env.find()) {
            variables.add(env.group(1));
        }
        variables.add("LOG_LEVEL");
        String example = Files.readString(Path.of(".env.example"));

        assertThat(variables).isNotEmpty().allSatisfy(name -> assertThat(example).as(name).containsPattern("(?m)^#? ?" + name + "="));
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        Assumptions.assumeTrue(composeInstalled(), "docker compose is not installed here: docker-compose.yml was not validated");
        Process config = new ProcessBuilder("docker", "compose", "--env-file", ".env.example", "-f", "docker-compose.yml", "config", "--quiet")
                .redirectErrorStream(true).start();
        String output = new String(config.getInputStream().readAllBytes());

        assertThat(config.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(config.exitValue()).as(output).isZero();
    }

    private static boolean composeInstalled() {
        try {
            Process version = new ProcessBuilder("docker", "compose", "version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            return version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException | InterruptedException noDocker) {
            return false;
        }
    }
}
