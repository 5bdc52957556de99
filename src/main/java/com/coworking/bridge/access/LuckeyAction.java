package com.coworking.bridge.access;

/**
 * One change to make in Luckey for one user: {@code invite} (create the user, who gets the activation
 * e-mail), {@code grant} / {@code revoke} (add to / remove from a tag) or {@code rename}.
 *
 * @param name, surname  as Luckey should have them ({@link Person})
 * @param cause          why, in words: the subscription, company or membership behind it
 * @param idempotencyKey names the user, the tag and the confirmed Luckey state the decision was taken from: the
 *                       same decision taken twice from the same state has the same key
 */
public record LuckeyAction(String type, String userRef, String email, String name, String surname, String tagKey,
                           String tagName, String cause, String idempotencyKey) {

    public static final String INVITE = "invite";
    public static final String GRANT = "grant";
    public static final String REVOKE = "revoke";
    public static final String RENAME = "rename";

    /** The same action with its key scoped to one link ({@code milano/grant:u:plan:p:v3}): links decide apart. */
    public LuckeyAction inLink(String link) {
        return new LuckeyAction(type, userRef, email, name, surname, tagKey, tagName, cause, link + "/" + idempotencyKey);
    }

    @Override
    public String toString() {
        return type + " " + email + (tagName == null ? "" : " [" + tagName + "]") + " because " + cause;
    }
}
