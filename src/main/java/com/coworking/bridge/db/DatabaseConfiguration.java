package com.coworking.bridge.db;

import javax.sql.DataSource;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * The database, from the checked settings ({@code databaseSettings}). It comes up in the background, started now
 * rather than with the routes, so the management port answers at once and health says why the bridge is not ready.
 */
public class DatabaseConfiguration implements CamelConfiguration {

    /** Camel stops its services in reverse: the database, added first, stops last. --check starts nothing. */
    @BindToRegistry("database")
    public Database database(DatabaseSettings settings, CamelContext camel,
            @PropertyInject(value = "bridge.check", defaultValue = "false") boolean check) throws Exception {
        Database database = new Database(settings, camel);
        if (!check) {
            camel.addService(database, true, true);
            database.start();
        }
        return database;
    }

    @BindToRegistry("dataSource")
    public DataSource dataSource(Database database) {
        return database.dataSource();
    }

    @BindToRegistry("databaseHealthCheck")
    public DatabaseHealthCheck databaseHealthCheck(Database database) {
        return new DatabaseHealthCheck(database);
    }
}
