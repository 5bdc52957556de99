package com.coworking.bridge;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.apache.camel.main.Main;

import com.coworking.bridge.db.Database;
import com.coworking.bridge.logging.SecretMask;
import com.coworking.bridge.sandbox.Sandbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the bridge. Everything it does is described by the YAML routes and application.properties; this
 * class only decides where those are read from.
 */
public final class BridgeApplication {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeApplication.class);
    private static final String ROUTES = "routes";
    private static final String ROUTE_SUFFIX = ".camel.yaml";

    private BridgeApplication() {
    }

    /**
     * {@code --sandbox} (or {@code BRIDGE_SANDBOX=true}) runs the bridge between the two simulators, playing a demo day;
     * {@code --check} checks the settings and routes and exits.
     */
    public static void main(String... args) throws Exception {
        Path workingDirectory = Path.of("").toAbsolutePath();
        if (List.of(args).contains("--check")) {
            System.exit(check(workingDirectory));
        }
        if (List.of(args).contains("--sandbox") || "true".equalsIgnoreCase(System.getenv("BRIDGE_SANDBOX"))) {
            // The simulators run on the JDK's HTTP server, which reads this once, before its first server starts
            System.setProperty("sun.net.httpserver.nodelay", "true");
            Sandbox.create(workingDirectory, Map.of()).run();
        } else {
            Main main = null;
            try {
                main = newMain(workingDirectory, Map.of(), Clock.systemUTC());
                main.run(args);
            } catch (Exception | LinkageError failure) {
                stopAfterAFailedStart(main, failure);
            }
        }
    }

    /**
     * {@code --check}: reads the settings, LINKS_FILE and every route file (packaged and overriding) and creates every
     * route, so that each bean and endpoint it names is resolved - without binding a port, starting the database or
     * running anything. Exit status 0 with one line when all is well, else 1 with the one line that names the problem,
     * so a route edit can be checked before a restart.
     */
    static int check(Path workingDirectory) {
        Main main = null;
        try {
            main = newMain(workingDirectory, Map.of("bridge.check", "true", "camel.server.enabled", "false",
                    "camel.management.enabled", "false", "camel.main.autoStartup", "false"), Clock.systemUTC());
            main.init();
            main.getCamelContext().start();
            LOG.info("Check passed: settings, LINKS_FILE and {} routes read; every bean and endpoint they name resolved",
                    main.getCamelContext().getRoutes().size());
            return 0;
        } catch (Exception | LinkageError failure) {
            LOG.error("Check failed: {}", SetupProblem.describe(failure));
            LOG.debug("Check failed", failure);
            return 1;
        } finally {
            if (main != null && main.getCamelContext() != null) {
                main.getCamelContext().stop();
            }
        }
    }

    /**
     * A start that cannot work ends at once with exit status 1 and one line that names the setting or file and the fix
     * (one JSON object with LOG_FORMAT=json); the stack trace is at DEBUG. What had started - the embedded PostgreSQL
     * above all - is stopped first, so nothing is left running.
     */
    private static void stopAfterAFailedStart(Main main, Throwable failure) {
        LOG.error("The bridge did not start: {}", SetupProblem.describe(failure));
        LOG.debug("The bridge did not start", failure);
        if (main != null && main.getCamelContext() != null) {
            Database database = main.getCamelContext().getRegistry().lookupByNameAndType("database", Database.class);
            if (database != null) {
                database.stop();
            }
        }
        System.exit(1);
    }

    /** One setting as the bridge would resolve it (environment, working-directory file, packaged file). */
    public static String setting(Path workingDirectory, String key) {
        return Settings.resolve(workingDirectory, System.getenv()).get(key);
    }

    /**
     * A bridge ready to start. Settings: environment variables, then application.properties in
     * {@code workingDirectory}, then the packaged file; {@code overrides} (tests, the sandbox) win over all.
     * Routes: a file in the working directory's {@code routes/} replaces the packaged file of the same name.
     * The clock is what time-driven access reads; tests pass one they can move.
     */
    public static Main newMain(Path workingDirectory, Map<String, String> overrides, Clock clock) {
        Main main = new Main();
        main.bind("clock", clock);
        main.configure().addConfiguration(BridgeConfiguration.class);
        // Settings are resolved here with the documented precedence; Camel must not read the packaged file again.
        main.setDefaultPropertyPlaceholderLocation("false");
        Map<String, String> settings = new java.util.LinkedHashMap<>(Settings.load(workingDirectory, System.getenv()));
        settings.putAll(overrides);
        settings.forEach(main::addOverrideProperty);
        Settings.secrets(settings).forEach(SecretMask::add);
        SecretMask.addCredentials(settings.get("spacebring.client-id"), settings.get("spacebring.client-secret"));
        main.configure().withRoutesIncludePattern(routes(workingDirectory));
        return main;
    }

    /** The packaged route files, each replaced by a file of the same name in the working directory's routes/. */
    static String routes(Path workingDirectory) {
        Path folder = workingDirectory.resolve(ROUTES);
        TreeSet<String> local = new TreeSet<>();
        TreeSet<String> packaged = packagedRoutes();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                // A copy the same as the packaged file (the repository's own routes/, say) replaces nothing
                files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(ROUTE_SUFFIX))
                        .filter(n -> !packaged.contains(n) || !sameAsPackaged(folder.resolve(n))).forEach(local::add);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot list " + folder + ": " + e.getMessage(), e);
            }
        }
        List<String> locations = new ArrayList<>();
        for (String name : packaged) {
            locations.add(local.contains(name) ? "file:" + folder.resolve(name) : "classpath:" + ROUTES + "/" + name);
        }
        for (String name : local) {
            if (!packaged.contains(name)) {
                locations.add("file:" + folder.resolve(name));
            }
        }
        if (!local.isEmpty()) {
            TreeSet<String> replaced = new TreeSet<>(local);
            replaced.retainAll(packaged);
            TreeSet<String> added = new TreeSet<>(local);
            added.removeAll(packaged);
            LOG.info("Routes from {}: {} replace the packaged files of the same name{}; the other packaged routes stay", folder,
                    replaced, added.isEmpty() ? "" : ", " + added + " are added");
        }
        return String.join(",", locations);
    }

    /** Unreadable counts as different: Camel then reads the file and says what is wrong with it. */
    private static boolean sameAsPackaged(Path file) {
        try (java.io.InputStream packaged = BridgeApplication.class.getResourceAsStream("/" + ROUTES + "/" + file.getFileName())) {
            return packaged != null && java.util.Arrays.equals(packaged.readAllBytes(), Files.readAllBytes(file));
        } catch (IOException unreadable) {
            return false;
        }
    }

    /** The names of the route files in the jar (or in the classes folder, when run from the build). */
    private static TreeSet<String> packagedRoutes() {
        TreeSet<String> names = new TreeSet<>();
        try {
            Path codeSource = Path.of(BridgeApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(codeSource)) {
                try (Stream<Path> files = Files.list(codeSource.resolve(ROUTES))) {
                    files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(ROUTE_SUFFIX)).forEach(names::add);
                }
            } else {
                try (JarFile jar = new JarFile(codeSource.toFile())) {
                    jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(ROUTES + "/") && n.endsWith(ROUTE_SUFFIX)
                            && n.indexOf('/') == n.lastIndexOf('/')).forEach(n -> names.add(n.substring(ROUTES.length() + 1)));
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("Cannot list the packaged routes: " + e.getMessage(), e);
        }
        return names;
    }
}
