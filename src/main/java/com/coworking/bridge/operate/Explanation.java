package com.coworking.bridge.operate;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One user's access in one link, as the admin API answers it (JSON) and the MBean shows it ({@link #asText()}): the
 * membership, the tags the access rules want and why, what Luckey holds, what a sync would do now, what waits.
 *
 * @param timeZone        the location's time zone, or null while the poll has not read it (dates are then read as UTC)
 * @param notSynchronised why the rules leave the user out of Luckey, or null when they do not
 * @param luckeyUserId    the Luckey user the bridge created or adopted, or null
 * @param waiting         why the user waits to be reconciled (and the last error), or null
 * @param doorWindows     the user's booking windows that have not closed yet (and those of the last day)
 */
public record Explanation(String link, String locationRef, String timeZone, String userRef, String email,
                          Map<String, Object> membership, String notSynchronised, List<DesiredTag> desiredTags,
                          List<DoorWindow> doorWindows, String luckeyUserId, List<String> luckeyTags, List<String> syncNow,
                          String waiting, List<Map<String, Object>> deadLetters, List<Map<String, Object>> lastAudit) {

    /** A tag the access rules want for the user: its name in Luckey, its key and the reason (subscription, dates). */
    public record DesiredTag(String name, String key, String why) {
    }

    /**
     * When a booked resource's door is open for the user: from open-before its first booking to close-after its last
     * (back-to-back bookings merge). {@code state}: {@code open now}, {@code upcoming} or {@code closed}; {@code tag}
     * is null for a resource without a lock.
     */
    public record DoorWindow(String tag, String resourceRef, String open, String close, List<String> bookings, String state) {
    }

    public String asText() {
        StringBuilder text = new StringBuilder();
        text.append("User ").append(userRef).append(" (").append(email).append(") in link ").append(link).append(", location ")
                .append(locationRef).append(" (time zone ")
                .append(timeZone == null ? "not read yet: dates without a time are read as UTC until the poll reads it" : timeZone)
                .append("; times below in UTC)\n");
        text.append("Membership: ").append(membership == null ? "none" : membership.get("id") + ", " + membership.get("status")
                + (membership.get("gone_at") != null ? ", gone since " + membership.get("gone_at") : "")
                + (membership.get("company_ref") != null ? ", company " + membership.get("company_ref") : "")).append('\n');
        if (notSynchronised != null) {
            text.append("Access rules: not synchronised - ").append(notSynchronised).append('\n');
        } else if (desiredTags.isEmpty()) {
            text.append("Access rules: in Luckey, no tag (no subscription, company, booking, assignment or visit grants one now)\n");
        } else {
            text.append("Access rules: these tags\n");
            desiredTags.forEach(tag -> text.append("  - ").append(tag.name()).append(" (").append(tag.key()).append("): ")
                    .append(tag.why()).append('\n'));
        }
        text.append("Door windows: ").append(doorWindows.isEmpty() ? "none\n" : "\n");
        doorWindows.forEach(window -> text.append("  - ").append(window.tag() == null ? "(no lock) resource " + window.resourceRef()
                : window.tag()).append(" from ").append(window.open()).append(" to ").append(window.close()).append(": ")
                .append(window.state()).append(" (booking ").append(String.join(", ", window.bookings())).append(")\n"));
        text.append("Luckey holds: ").append(luckeyUserId == null ? "no user (not created or adopted by the bridge yet)"
                : "user " + luckeyUserId + ", tags " + (luckeyTags.isEmpty() ? "none" : String.join(", ", luckeyTags))).append('\n');
        text.append("A sync now would: ").append(syncNow.isEmpty() ? "nothing" : String.join("; ", syncNow)).append('\n');
        text.append("Waiting to be reconciled: ").append(waiting == null ? "no" : waiting).append('\n');
        text.append("Dead letters waiting: ").append(deadLetters.isEmpty() ? "none" : deadLetters.stream()
                .map(letter -> letter.get("id") + ": " + letter.get("action") + " - " + letter.get("error") + " (" + letter.get("attempts")
                        + " attempt(s), last " + letter.get("lastAt") + ")")
                .collect(Collectors.joining("; "))).append('\n');
        text.append("Last audit entries:\n");
        lastAudit.forEach(entry -> text.append("  ").append(entry.get("at")).append(' ').append(entry.get("action"))
                .append(entry.get("tag") == null ? "" : " [" + entry.get("tag") + "]").append(": ").append(entry.get("result"))
                .append(entry.get("detail") == null ? "" : " (" + entry.get("detail") + ")").append('\n'));
        return text.toString();
    }
}
