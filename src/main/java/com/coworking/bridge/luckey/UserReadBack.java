package com.coworking.bridge.luckey;

/**
 * The body of the adapter's route luckey-read-user: the member whose Luckey user is read back, by the Luckey id the
 * bridge holds for them or, without one, by Spacebring's user ref, which Luckey keeps as the user's externalRef.
 */
public record UserReadBack(String userRef, String luckeyUserId) {
}
