package com.coworking.bridge.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.BridgeApplication;
import com.coworking.bridge.db.Database;

/**
 * Sandbox mode ({@code --sandbox} or {@code BRIDGE_SANDBOX=true}): the bridge between the two simulators on loopback,
 * with generated secrets and its own data folder, playing {@link SandboxDay} - so an engineer sees the real job
 * (log, JMX, health, the database) without a Spacebring or Luckey account. It keeps running after the day.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("sandbox");
    /** The sandbox's own embedded database, so a real run's data is never mixed with simulated data. */
    static final String DATA_FOLDER = "data/sandbox-postgres";

    private final LuckeySimulator luckey;
    private final SpacebringSimulator spacebring;
    private final Main bridge;
    private final String location;
    private final Path workingDirectory;
    private final Map<String, String> settings;
    private final BlockingQueue<List<String>> daysPlayed = new LinkedBlockingQueue<>();
    private RouteWatch watch;

    private Sandbox(Path workingDirectory, Map<String, String> settings) throws Exception {
        int httpPort = Integer.parseInt(settings.getOrDefault("camel.server.port", BridgeApplication.setting(workingDirectory,
                "camel.server.port")));
        String webhookSecret = "whsec_" + Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes());
        luckey = LuckeySimulator.start(0, "sandbox-luckey", UUID.randomUUID().toString());
        spacebring = SpacebringSimulator.start(0, "sandbox-spacebring", UUID.randomUUID().toString(),
                "http://127.0.0.1:" + httpPort + "/webhooks/spacebring", webhookSecret);
        location = spacebring.createLocation("Sandbox coworking", "Europe/Berlin");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("bridge.db.embedded-data-dir", DATA_FOLDER);
        // A short day: the poll every 5 s, start and end dates every second
        all.put("bridge.poll.first-delay-ms", "2000");
        all.put("bridge.poll.interval-ms", "5000");
        all.put("bridge.schedule.tick-ms", "1000");
        all.put("bridge.drift.interval-ms", "30000");
        all.put("bridge.visitors.enabled", "true");
        all.put("luckey.retry.initial-delay-ms", "200");
        all.putAll(settings);
        all.put("camel.server.port", String.valueOf(httpPort));
        all.put("bridge.webhook.secret", webhookSecret);
        all.put("bridge.link.location-ref", location);
        all.put("bridge.link.enabled", "true");
        all.put("spacebring.base-url", spacebring.baseUrl());
        all.put("spacebring.client-id", "sandbox-spacebring");
        all.put("spacebring.client-secret", spacebring.clientSecret());
        all.put("luckey.base-url", luckey.baseUrl());
        all.put("luckey.client-id", "sandbox-luckey");
        all.put("luckey.client-secret", luckey.clientSecret());
        if (DATA_FOLDER.equals(all.get("bridge.db.embedded-data-dir")) && all.getOrDefault("bridge.db.url", "").isBlank()) {
            forget(workingDirectory.resolve(DATA_FOLDER));
        }
        bridge = BridgeApplication.newMain(workingDirectory, all, Clock.systemUTC());
        this.workingDirectory = workingDirectory;
        this.settings = Map.copyOf(all);
    }

    /** The sandbox and its bridge, not started. */
    public static Sandbox create(Path workingDirectory, Map<String, String> settings) throws Exception {
        return new Sandbox(workingDirectory, settings);
    }

    /**
     * Runs until stopped (Ctrl-C): the day is played once the bridge is ready; with {@code watch}, played again after
     * each save of a route file in the working directory's routes/ ({@link RouteWatch}).
     */
    public void run(boolean watch) throws Exception {
        bridge.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport main) {
                try {
                    if (watch) {
                        watchRoutes();
                    } else {
                        Thread day = new Thread(() -> playWhenReady(), "sandbox-day");
                        day.setDaemon(true);
                        day.start();
                    }
                } catch (Exception failure) {
                    throw new IllegalStateException("Cannot watch the routes folder: " + failure.getMessage(), failure);
                }
            }
        });
        try {
            bridge.run();
        } finally {
            close();
        }
    }

    /** Starts the bridge, plays the day, and returns the failed checks (none when all passed); the bridge keeps running. */
    public List<String> startAndPlay() throws Exception {
        bridge.start();
        return playWhenReady();
    }

    /** Starts the bridge and watches the routes folder, as {@code --sandbox --watch} does; {@link #daysPlayed()} tells each day's end. */
    public void startAndWatch() throws Exception {
        bridge.start();
        watchRoutes();
    }

    /** The failed checks of each day played, in order, as each ends (an empty list: all passed). */
    public BlockingQueue<List<String>> daysPlayed() {
        return daysPlayed;
    }

    /** The running bridge's Camel context. */
    public org.apache.camel.CamelContext camelContext() {
        return bridge.getCamelContext();
    }

    private void watchRoutes() throws Exception {
        watch = new RouteWatch(workingDirectory, settings, bridge.getCamelContext(), this::startAfresh, () -> playWhenReady());
        watch.start();
    }

    /** The simulators and the mirror as before the first day; the operator's switches (pause, dry run) stay. */
    private void startAfresh() {
        spacebring.forgetAllButLocations();
        luckey.forgetAll();
        new JdbcTemplate(bridge.getCamelContext().getRegistry().lookupByNameAndType("dataSource", DataSource.class)).execute("""
                do $$ declare t text; begin
                  for t in select tablename from pg_tables where schemaname = current_schema()
                           and tablename not in ('flyway_schema_history', 'bridge_instance', 'job_lease', 'link_control')
                  loop execute 'truncate table ' || quote_ident(t) || ' restart identity cascade'; end loop;
                end $$""");
    }

    private List<String> playWhenReady() {
        LOG.info("Sandbox: Spacebring simulator at {}, Luckey simulator at {}; the bridge's data in {}", spacebring.baseUrl(),
                luckey.baseUrl(), DATA_FOLDER);
        Database database = bridge.getCamelContext().getRegistry().lookupByNameAndType("database", Database.class);
        while (!database.isReady()) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of("interrupted");
            }
        }
        List<String> failures = new SandboxDay(spacebring, luckey,
                bridge.getCamelContext().getRegistry().lookupByNameAndType("dataSource", DataSource.class)).play(location);
        daysPlayed.add(failures);
        String management = "http://127.0.0.1:" + bridge.getCamelContext().getPropertiesComponent()
                .resolveProperty("camel.management.port").orElse("9876");
        LOG.info("Sandbox: the bridge keeps running - look around: JMX, {}/admin/health, and the admin API ({}/admin/status and the "
                + "rest, docs/operations.md, \"Admin API\") when started with ADMIN_TOKEN set; Ctrl-C stops it", management, management);
        return failures;
    }

    @Override
    public void close() throws Exception {
        if (watch != null) {
            watch.close();
        }
        try {
            bridge.stop();
        } finally {
            spacebring.close();
            luckey.close();
        }
    }

    private static void forget(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
