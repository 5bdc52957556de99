package com.coworking.bridge.mirror;

/** Spacebring answered about another entity than the one asked for; nothing of it is stored. */
public class ForeignAnswer extends Exception {

    public ForeignAnswer(String message) {
        super(message);
    }
}
