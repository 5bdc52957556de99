package com.coworking.bridge.db;

/** The database has not been reached and migrated yet; what needs it answers 503 and is tried again later. */
public class DatabaseNotReady extends Exception {

    public DatabaseNotReady(String message) {
        super(message);
    }
}
