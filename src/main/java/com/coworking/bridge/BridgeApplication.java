package com.coworking.bridge;

import java.nio.file.Files;
import java.time.Clock;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the bridge. Everything it does is described by the YAML routes and application.properties;
 * this class only decides where those two are read from.
 */
public final class BridgeApplication {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeApplication.class);
    private static final String ROUTES_FOLDER = "routes";
    private static final String PROPERTIES_FILE = "application.properties";

    private BridgeApplication() {
    }

    public static void main(String... args) throws Exception {
        newMain(Path.of("").toAbsolutePath(), Map.of(), Clock.systemUTC()).run(args);
    }

    /**
     * A bridge ready to start. Routes and properties found in {@code workingDirectory} win over the
     * copies packaged in the jar, so an engineer can change them without rebuilding. The clock is what
     * time-driven access reads; tests pass one they can move.
     */
    public static Main newMain(Path workingDirectory, Map<String, String> overrides, Clock clock) {
        Main main = new Main();
        main.bind("clock", clock);
        main.configure().addConfiguration(BridgeConfiguration.class);
        main.setPropertyPlaceholderLocations(propertyLocations(workingDirectory));
        main.configure().withRoutesIncludePattern(routesPattern(workingDirectory));
        overrides.forEach(main::addOverrideProperty);
        return main;
    }

    private static String routesPattern(Path workingDirectory) {
        Path folder = workingDirectory.resolve(ROUTES_FOLDER);
        if (Files.isDirectory(folder)) {
            LOG.info("Using routes from {} instead of the packaged ones", folder);
            return "file:" + folder + "/*.camel.yaml";
        }
        return "classpath:" + ROUTES_FOLDER + "/*.camel.yaml";
    }

    private static String propertyLocations(Path workingDirectory) {
        Path file = workingDirectory.resolve(PROPERTIES_FILE);
        if (Files.isRegularFile(file)) {
            LOG.info("Using settings from {} over the packaged ones", file);
            return "classpath:" + PROPERTIES_FILE + ",file:" + file;
        }
        return "classpath:" + PROPERTIES_FILE;
    }
}
