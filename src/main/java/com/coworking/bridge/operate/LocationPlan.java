package com.coworking.bridge.operate;

import java.util.List;
import java.util.Map;

/**
 * Dry run for a whole location: every action a sync would carry out now, with its reason, after a one-line summary.
 * Nothing is performed or queued to make it.
 *
 * @param counts actions by type (invite, grant, revoke, rename)
 */
public record LocationPlan(String link, String summary, int users, Map<String, Integer> counts, List<PlannedAction> actions) {

    /** One action: its type, the user, the tag (null for an invite or rename) and why. */
    public record PlannedAction(String type, String userRef, String email, String tag, String because) {

        @Override
        public String toString() {
            return type + " " + email + (tag == null ? "" : " [" + tag + "]") + " because " + because;
        }
    }

    public String asText() {
        StringBuilder text = new StringBuilder(summary).append('\n');
        actions.forEach(action -> text.append(action).append('\n'));
        return text.toString();
    }
}
