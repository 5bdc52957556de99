package com.coworking.bridge.luckey;

import com.coworking.bridge.access.LuckeyAction;

/**
 * The body an action route of the Luckey adapter takes (routes/luckey-adapter.camel.yaml): the action, and the Luckey
 * ids of its user and tag as far as the bridge knows them - null before the invite made the user, or before the tag
 * was found or created.
 */
public record LuckeyRequest(LuckeyAction action, String userId, String tagId) {
}
