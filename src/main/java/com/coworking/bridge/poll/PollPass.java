package com.coworking.bridge.poll;

/**
 * One poll of the location, as the exchange property {@code poll} of the poll route: which row of
 * {@code poll_run} it is, and whether it is a full sync (every user of the location is reconciled).
 */
public record PollPass(long id, String locationRef, boolean fullSync) {
}
