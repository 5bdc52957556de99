package com.coworking.bridge.db;

/** The database settings of application.properties (prefix {@code bridge.db.}). */
public record DatabaseSettings(String url, String user, String password, String embeddedDataDirectory,
                               int embeddedPort, int poolSize, long connectTimeoutMillis, long retryMaxDelayMillis) {

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + Database.withoutCredentials(url) + ", user=" + user + ", password=****]";
    }
}
