package com.coworking.bridge.http;

/** A paged list that did not end on its last page: what it did not list must not be taken as gone. */
public class IncompleteList extends Exception {

    public IncompleteList(String message) {
        super(message);
    }
}
