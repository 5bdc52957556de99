package com.coworking.bridge.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The jar that {@code mvn package} builds, started with {@code java -jar} as its users start it. */
public final class BridgeProcess implements AutoCloseable {

    public static final Path JAR = Path.of(System.getProperty("bridge.jar", "target/spacebring-luckey-bridge.jar"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    public final int httpPort;
    public final int managementPort;

    private BridgeProcess(Process process, Path log, int httpPort, int managementPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    /** Starts the jar in the folder with these environment variables (ports on loopback unless given); appends to bridge.log. */
    public static BridgeProcess start(Path workingDirectory, Map<String, String> environment) throws IOException {
        return startWithArguments(workingDirectory, environment);
    }

    /** The same, with command-line arguments such as {@code --sandbox}. */
    public static BridgeProcess startWithArguments(Path workingDirectory, Map<String, String> environment, String... arguments)
            throws IOException {
        return startWithJvm(workingDirectory, environment, java.util.List.of(), arguments);
    }

    /**
     * The JVM options {@code .env.example} recommends (its {@code JAVA_OPTS} line), so that the benchmarks measure the
     * bridge as the README says to run it.
     */
    public static java.util.List<String> recommendedJvm() throws IOException {
        return Files.readAllLines(Path.of(".env.example")).stream().filter(line -> line.startsWith("JAVA_OPTS=")).findFirst()
                .map(line -> java.util.List.of(line.substring("JAVA_OPTS=".length()).trim().split("\\s+")))
                .orElseThrow(() -> new IllegalStateException(".env.example has no JAVA_OPTS line"));
    }

    /** The same, with options for the JVM (such as -Xmx256m). */
    public static BridgeProcess startWithJvm(Path workingDirectory, Map<String, String> environment, java.util.List<String> jvm,
                                             String... arguments) throws IOException {
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("HTTP_HOST", "127.0.0.1");
        env.putIfAbsent("HTTP_PORT", String.valueOf(FreePorts.next()));
        env.putIfAbsent("MANAGEMENT_HOST", "127.0.0.1");
        env.putIfAbsent("MANAGEMENT_PORT", String.valueOf(FreePorts.next()));
        Path log = workingDirectory.resolve("bridge.log");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvm);
        command.addAll(java.util.List.of("-jar", JAR.toAbsolutePath().toString()));
        command.addAll(java.util.List.of(arguments));
        ProcessBuilder java = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        java.environment().remove("DB_URL");
        java.environment().putAll(env);
        return new BridgeProcess(java.start(), log, Integer.parseInt(env.get("HTTP_PORT")), Integer.parseInt(env.get("MANAGEMENT_PORT")));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    /** Waits until readiness is UP (the database reached and migrated, the routes started). */
    public BridgeProcess awaitReady(Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("bridge exited early:\n" + log());
            }
            HttpResponse<String> ready = health("/observe/health/ready");
            if (ready != null && ready.statusCode() == 200) {
                return this;
            }
            Thread.sleep(200);
        }
        // Called inside try-with-resources, which has not taken this process yet: stopped here, or it would outlive the test
        String log = log();
        close();
        throw new AssertionError("bridge not ready within " + within.toSeconds() + " s:\n" + log);
    }

    /** The answer of a health endpoint, or null while the management port does not answer. */
    public HttpResponse<String> health(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException notListening) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** kill -9: no shutdown of any kind. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, then how long the bridge took to exit (it is killed after {@code patience}). */
    public Duration terminate(Duration patience) throws InterruptedException {
        Instant sent = Instant.now();
        process.destroy();
        if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("bridge did not exit within " + patience.toSeconds() + " s of SIGTERM:\n" + logSafely());
        }
        return Duration.between(sent, Instant.now());
    }

    /** Waits for the bridge to exit on its own; its exit code, or -1 if it still runs after {@code patience}. */
    public int exitCode(Duration patience) throws InterruptedException {
        return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private String logSafely() {
        try {
            return log();
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
