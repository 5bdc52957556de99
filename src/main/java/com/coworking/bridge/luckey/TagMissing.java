package com.coworking.bridge.luckey;

/** A tag the mapping names does not exist in Luckey, and the bridge may not create it: a configuration error. */
public class TagMissing extends Exception {

    public TagMissing(String message) {
        super(message);
    }
}
