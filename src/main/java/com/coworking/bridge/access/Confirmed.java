package com.coworking.bridge.access;

import java.util.Set;

/**
 * What Luckey holds for one user as far as Luckey's own answers confirmed it: the Luckey user, the name it was
 * given, and the managed tags the user is in. {@code version} changes with every confirmed change, so a
 * decision taken from it names the state it was taken from.
 */
public record Confirmed(String luckeyUserId, String name, String surname, long version, Set<String> tagKeys) {
}
