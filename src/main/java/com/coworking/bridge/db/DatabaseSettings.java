package com.coworking.bridge.db;

import com.coworking.bridge.base.SetupProblem;

/** The database settings of application.properties (prefix {@code bridge.db.}). */
public record DatabaseSettings(String url, String user, String password, String embeddedDataDirectory,
                               int embeddedPort, int poolSize, long connectTimeoutMillis, long retryMaxDelayMillis) {

    /** A URL no driver here takes would be retried for ever as an outage: refused at once instead. */
    public DatabaseSettings {
        if (!url.isBlank() && !url.startsWith("jdbc:postgresql:")) {
            throw new SetupProblem("DB_URL " + Database.withoutCredentials(url) + " is not a PostgreSQL JDBC URL: write it as "
                    + "jdbc:postgresql://host:5432/database, with DB_USER and DB_PASSWORD apart (or leave DB_URL empty for the embedded database)");
        }
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + Database.withoutCredentials(url) + ", user=" + user + ", password=****]";
    }
}
