package com.coworking.bridge.access;

import java.util.Map;

/**
 * What a user should have in Luckey at one instant.
 *
 * @param synchronise whether the user should exist in Luckey at all
 * @param why         why not, when {@code synchronise} is false
 * @param tags        the tags the user should be in, each with the reason that grants it
 */
public record AccessDecision(boolean synchronise, String why, Map<TagRef, String> tags) {
}
