package com.coworking.bridge.intake;

/** Thrown by the intake route itself (YAML {@code throwException}) for anything but POST. */
public class MethodNotAllowed extends WebhookRejected {

    public MethodNotAllowed(String message) {
        super(405, "method_not_allowed", message);
    }
}
