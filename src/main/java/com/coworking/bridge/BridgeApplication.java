package com.coworking.bridge;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.main.Main;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;

import com.coworking.bridge.base.BaseConfiguration;
import com.coworking.bridge.db.Database;
import com.coworking.bridge.db.DatabaseConfiguration;
import com.coworking.bridge.drift.DriftConfiguration;
import com.coworking.bridge.http.HttpConfiguration;
import com.coworking.bridge.inbox.InboxConfiguration;
import com.coworking.bridge.instance.InstanceConfiguration;
import com.coworking.bridge.intake.IntakeConfiguration;
import com.coworking.bridge.link.LinkConfiguration;
import com.coworking.bridge.luckey.LuckeyConfiguration;
import com.coworking.bridge.mirror.MirrorConfiguration;
import com.coworking.bridge.operate.AdminConfiguration;
import com.coworking.bridge.operate.OperationsConfiguration;
import com.coworking.bridge.poll.PollConfiguration;
import com.coworking.bridge.spacebring.SpacebringConfiguration;
import com.coworking.bridge.sync.SyncConfiguration;
import com.coworking.bridge.intake.GuardedHttpServerFactory;
import com.coworking.bridge.logging.SecretMask;
import com.coworking.bridge.base.SetupProblem;
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
     * Another {@link StartMode} when the command line asks for one (the sandbox's {@code --sandbox});
     * {@code --check} checks the settings and routes and exits.
     */
    public static void main(String... args) throws Exception {
        Path workingDirectory = Path.of("").toAbsolutePath();
        if (List.of(args).contains("--check")) {
            System.exit(check(workingDirectory));
        }
        for (StartMode mode : ServiceLoader.load(StartMode.class)) {
            if (mode.isWanted(List.of(args))) {
                mode.run(workingDirectory, List.of(args));
                return;
            }
        }
        Main main = null;
        try {
            main = newMain(workingDirectory, Map.of(), Clock.systemUTC());
            main.run(args);
        } catch (Exception | LinkageError failure) {
            stopAfterAFailedStart(main, failure);
        }
    }

    /**
     * {@code --check}: reads the settings, LINKS_FILE and every route file (packaged and overriding) and creates every
     * route, so that each bean and endpoint it names is resolved - without binding a port, starting the database or
     * running anything. Exit status 0 with one line when all is well, else 1 with one line per problem, so a route edit
     * can be checked before a restart. Camel stops reading routes at the first broken file, so a broken file is set
     * aside and the others read again; the routes are then created one by one.
     */
    static int check(Path workingDirectory) {
        List<String> problems = new ArrayList<>();
        int routes = check(workingDirectory, Map.of(), problems);
        if (problems.isEmpty()) {
            LOG.info("Check passed: settings, LINKS_FILE and {} routes read; every bean and endpoint they name resolved", routes);
            return 0;
        }
        problems.forEach(problem -> LOG.error("Check failed: {}", problem));
        return 1;
    }

    /**
     * The checks of {@code --check} with {@code overrides} winning over the settings (the sandbox's own): adds one line
     * per problem to {@code problems} and returns how many routes were read.
     */
    public static int check(Path workingDirectory, Map<String, String> overrides, List<String> problems) {
        Map<String, String> settings = new java.util.LinkedHashMap<>(overrides);
        settings.putAll(CHECK);
        TreeSet<String> brokenFiles = new TreeSet<>();
        int routes = 0;
        boolean again = true;
        while (again) {
            again = false;
            Main main = null;
            try {
                main = newMain(workingDirectory, settings, Clock.systemUTC(), brokenFiles, problem -> problems.addAll(SetupProblem.lines(problem)));
                main.init();
                routes = createEachRoute((ModelCamelContext) main.getCamelContext(), problems);
            } catch (Exception | LinkageError failure) {
                LOG.debug("Check failed", failure);
                problems.addAll(SetupProblem.lines(failure));
                String file = routeFileNamed(String.valueOf(failure.getMessage()) + SetupProblem.describe(failure));
                again = file != null && brokenFiles.add(file);
            } finally {
                if (main != null && main.getCamelContext() != null) {
                    main.getCamelContext().stop();
                }
            }
        }
        return routes;
    }

    /** Nothing started, nothing bound; and no list of the routes stopped when the checked context is put away. */
    private static final Map<String, String> CHECK = Map.of("bridge.check", "true", "camel.server.enabled", "false",
            "camel.management.enabled", "false", "camel.main.autoStartup", "false", "camel.main.startupSummaryLevel", "Off");
    private static final Pattern ROUTE_FILE = Pattern.compile("[/:]([^/:,\\s]+" + Pattern.quote(ROUTE_SUFFIX) + ")");

    /** The route file a YAML error names ("in file:.../x.camel.yaml, line 3"), or null. */
    private static String routeFileNamed(String message) {
        Matcher file = ROUTE_FILE.matcher(message);
        return file.find() ? file.group(1) : null;
    }

    /** Creates the routes one at a time (none is started), so that each broken route is named; returns how many. */
    private static int createEachRoute(ModelCamelContext camel, List<String> problems) {
        List<RouteDefinition> definitions = new ArrayList<>(camel.getRouteDefinitions());
        for (RouteDefinition definition : definitions) {
            try {
                camel.startRouteDefinitions(List.of(definition));
            } catch (Exception | LinkageError failure) {
                LOG.debug("Check failed for route {}", definition.getRouteId(), failure);
                problems.add(SetupProblem.describe(failure));
            }
        }
        return definitions.size();
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
        return newMain(workingDirectory, overrides, clock, Set.of(), problem -> {
            throw problem;
        });
    }

    /** As above, without the route files named in {@code skipped}, and with unknown settings keys handed to {@code unknownKeys}. */
    private static Main newMain(Path workingDirectory, Map<String, String> overrides, Clock clock, Set<String> skipped,
            Consumer<SetupProblem> unknownKeys) {
        Main main = new Main();
        // Camel's HTTP servers, with webhooks answered 503 (not 404) from the moment the port is bound
        main.bind("httpServerFactory", new GuardedHttpServerFactory());
        main.addMainListener(new SettingsCheck());
        packageConfigurations(clock).forEach(main.configure()::addConfiguration);
        // Settings are resolved here with the documented precedence; Camel must not read the packaged file again.
        main.setDefaultPropertyPlaceholderLocation("false");
        Map<String, String> settings = new java.util.LinkedHashMap<>(Settings.load(workingDirectory, System.getenv(), unknownKeys));
        settings.putAll(overrides);
        settings.forEach(main::addOverrideProperty);
        Settings.secrets(settings).forEach(SecretMask::add);
        SecretMask.addCredentials(settings.get("spacebring.client-id"), settings.get("spacebring.client-secret"));
        main.configure().withRoutesIncludePattern(routes(workingDirectory, skipped));
        return main;
    }

    /**
     * Each package's beans, in the order of the flow: what a package's beans take is bound by a package above it in
     * this list (or by {@link SettingsCheck}). Camel starts the services they add in this order and stops them in
     * reverse (the database last). Route tests wire their routes with the same list.
     */
    public static List<CamelConfiguration> packageConfigurations(Clock clock) {
        return List.of(new BaseConfiguration(clock), new HttpConfiguration(), new DatabaseConfiguration(), new InstanceConfiguration(),
                new IntakeConfiguration(), new SpacebringConfiguration(), new LinkConfiguration(), new LuckeyConfiguration(),
                new MirrorConfiguration(), new InboxConfiguration(), new SyncConfiguration(), new PollConfiguration(),
                new DriftConfiguration(), new OperationsConfiguration(), new AdminConfiguration());
    }

    /** The packaged route files, each replaced by a file of the same name in the working directory's routes/. */
    public static String routes(Path workingDirectory, Set<String> skipped) {
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
            if (skipped.contains(name)) {
                continue;
            }
            locations.add(local.contains(name) ? "file:" + folder.resolve(name) : "classpath:" + ROUTES + "/" + name);
        }
        for (String name : local) {
            if (!packaged.contains(name) && !skipped.contains(name)) {
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
