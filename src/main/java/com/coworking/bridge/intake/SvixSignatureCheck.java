package com.coworking.bridge.intake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.svix.Webhook;
import com.svix.exceptions.EmptyWebhookSecretException;
import com.svix.exceptions.WebhookVerificationException;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.base.SetupProblem;

/**
 * Accepts a webhook only when Svix's own verifier confirms its signature and timestamp (5 minutes of
 * tolerance) under one of the configured secrets. Several secrets let a secret be rotated without downtime.
 */
public final class SvixSignatureCheck {

    private static final Logger LOG = LoggerFactory.getLogger(SvixSignatureCheck.class);
    static final String ID = "svix-id";
    static final String TIMESTAMP = "svix-timestamp";
    static final String SIGNATURE = "svix-signature";

    /** Svix message ids are short printable tokens (msg_...); the inbox keys on them. */
    static final int MAX_ID_LENGTH = 255;
    private static final java.util.regex.Pattern MESSAGE_ID = java.util.regex.Pattern.compile("[\\x21-\\x7E]{1," + MAX_ID_LENGTH + "}");

    private final List<Webhook> verifiers = new ArrayList<>();

    /** @param secrets comma-separated {@code whsec_...} secrets; blank means every webhook is refused */
    public SvixSignatureCheck(String secrets) {
        List<String> given = Arrays.stream(secrets.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (int i = 0; i < given.size(); i++) {
            try {
                verifiers.add(new Webhook(given.get(i)));
            } catch (IllegalArgumentException | EmptyWebhookSecretException notASecret) {
                // Svix's own words ("Illegal base64 character 2d") name neither the setting nor the fix, and never the secret
                throw new SetupProblem("SPACEBRING_WEBHOOK_SECRET" + (given.size() > 1 ? " (secret " + (i + 1) + " of " + given.size() + ")" : "")
                        + " is not a Svix signing secret (" + notASecret.getMessage() + "): copy it whole from Spacebring's webhook "
                        + "settings - whsec_ followed by base64");
            }
        }
        if (verifiers.isEmpty()) {
            LOG.warn("No Spacebring webhook secret is configured (SPACEBRING_WEBHOOK_SECRET): every webhook will be refused with 401");
        } else {
            LOG.info("Checking webhook signatures against {} secret(s)", verifiers.size());
        }
    }

    /** The three Svix headers are there, and the svix-id is one the inbox can key on. */
    public void requireHeaders(@Header(ID) String id, @Header(TIMESTAMP) String timestamp, @Header(SIGNATURE) String signature)
            throws WebhookRejected {
        if (isBlank(id) || isBlank(timestamp) || isBlank(signature)) {
            throw new WebhookRejected(401, "missing_signature",
                    "The svix-id, svix-timestamp and svix-signature headers are required");
        }
        if (!MESSAGE_ID.matcher(id).matches()) {
            throw new WebhookRejected(400, "invalid_svix_id",
                    "The svix-id must be 1 to " + MAX_ID_LENGTH + " printable ASCII characters without spaces");
        }
    }

    public void verify(@Header(ID) String id, @Header(TIMESTAMP) String timestamp, @Header(SIGNATURE) String signature,
                       @Body String body) throws WebhookRejected {
        Map<String, List<String>> headers = Map.of(ID, List.of(id), TIMESTAMP, List.of(timestamp), SIGNATURE, List.of(signature));
        boolean timestampRefused = false;
        for (Webhook verifier : verifiers) {
            try {
                verifier.verify(body, headers);
                return;
            } catch (WebhookVerificationException e) {
                timestampRefused |= e.getMessage() != null && e.getMessage().contains("timestamp");
            }
        }
        if (timestampRefused) {
            throw new WebhookRejected(401, "timestamp_out_of_tolerance",
                    "The svix-timestamp is more than 5 minutes away from now");
        }
        throw new WebhookRejected(401, "invalid_signature", "The svix-signature does not match the body under any configured secret");
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
