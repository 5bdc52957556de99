package com.coworking.bridge.luckey;

import org.apache.camel.Body;

import com.coworking.bridge.access.LuckeyAction;

/**
 * The bodies the Luckey adapter sends, as small records Jackson writes as JSON: their field names are those
 * of the Luckey API profile (shared/contracts/luckey/luckey-api.yaml).
 */
public final class LuckeyBodies {

    /** POST /users: Luckey e-mails the activation link; externalRef is the Spacebring user id. */
    public record NewUser(String email, String name, String surname, String externalRef, boolean sendActivationEmail) {
    }

    /** PATCH /users/{id}. */
    public record Names(String name, String surname) {
    }

    /** POST /tags. */
    public record NewTag(String name, String description) {
    }

    public NewUser newUser(LuckeyAction action) {
        return new NewUser(action.email(), action.name(), action.surname(), action.userRef(), true);
    }

    public Names names(LuckeyAction action) {
        return new Names(action.name(), action.surname());
    }

    public NewTag newTag(@Body String tagName) {
        return new NewTag(tagName, "Managed by the Spacebring bridge");
    }
}
