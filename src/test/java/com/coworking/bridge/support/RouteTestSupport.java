package com.coworking.bridge.support;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.BeforeEach;

import com.coworking.bridge.BridgeApplication;
import com.coworking.bridge.access.AccessPolicy;
import com.coworking.bridge.access.TagNames;
import com.coworking.bridge.db.DatabaseSettings;
import com.coworking.bridge.link.DoorSettings;
import com.coworking.bridge.link.Link;
import com.coworking.bridge.link.Links;

/**
 * Route tests in Camel's manner: only the route files under test, wired by the bridge's own package configurations
 * (the list {@link BridgeApplication#packageConfigurations} gives), on the test run's PostgreSQL, emptied before each
 * test. No HTTP server and no simulator unless the test starts one; a route the test does not load is mocked with
 * {@code AdviceWith}. Each test gets a fresh CamelContext.
 */
public abstract class RouteTestSupport extends CamelMainTestSupport {

    protected static final TestDatabase DB = TestDatabase.shared();
    /** Where the test link's Luckey account is: nothing listens there unless {@link #luckeyBaseUrl} says otherwise. */
    private static final String NO_LUCKEY = "http://127.0.0.1:9";

    /** The route files under test, by name in routes/ (error-handling.camel.yaml is always loaded). */
    protected abstract List<String> routeFiles();

    /** The Luckey account the test link calls. */
    protected String luckeyBaseUrl() {
        return NO_LUCKEY;
    }

    /** Settings the test changes, over application.properties. */
    protected Map<String, String> settings() {
        return Map.of();
    }

    /** The one link the routes act for: {@code test}, at location {@code loc-1}, tags named after their titles. */
    protected final Link link() {
        return new Link("test", "loc-1", true, new Link.LuckeyAccountSettings(luckeyBaseUrl(), "client", "secret", 50),
                TagNames.of("{title}", "{title}", "{title}", "Visitors", Map.of(), Map.of(), Map.of()),
                new DoorSettings(false, false, false, new AccessPolicy.BookingTimes(Duration.ZERO, Duration.ZERO, null), 14));
    }

    @BeforeEach
    void emptyTables() {
        DB.truncateAll();
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern(Stream.concat(routeFiles().stream(), Stream.of("error-handling.camel.yaml")).distinct()
                .map(file -> "file:routes/" + file).collect(Collectors.joining(",")));
        configuration.addConfiguration(new CheckedSettings(link(), DB.jdbcUrl()));
        BridgeApplication.packageConfigurations(Clock.systemUTC()).forEach(configuration::addConfiguration);
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = new Properties();
        properties.put("camel.server.enabled", "false");
        properties.put("camel.management.enabled", "false");
        properties.putAll(settings());
        return properties;
    }

    /** What the launcher's settings check binds from the settings: here the test's link and the test database. */
    public static final class CheckedSettings implements CamelConfiguration {
        private final Link link;
        private final String jdbcUrl;

        CheckedSettings(Link link, String jdbcUrl) {
            this.link = link;
            this.jdbcUrl = jdbcUrl;
        }

        @BindToRegistry("links")
        public Links links() {
            return new Links(List.of(link));
        }

        @BindToRegistry("databaseSettings")
        public DatabaseSettings databaseSettings() {
            return new DatabaseSettings(jdbcUrl, "", "", "", 0, 4, 1000, 1000);
        }
    }
}
