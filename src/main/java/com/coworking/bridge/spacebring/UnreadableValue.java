package com.coworking.bridge.spacebring;

/** A value from Spacebring the bridge cannot read; it affects only the row or webhook that holds it. */
public class UnreadableValue extends Exception {

    public UnreadableValue(String message) {
        super(message);
    }
}
