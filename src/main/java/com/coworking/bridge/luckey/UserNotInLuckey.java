package com.coworking.bridge.luckey;

/** A grant, revoke or rename for a user the bridge has not created in Luckey yet. */
public class UserNotInLuckey extends Exception {

    public UserNotInLuckey(String message) {
        super(message);
    }
}
