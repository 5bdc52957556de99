package com.coworking.bridge.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;

/**
 * The webhook body as text, decoded strictly: Svix signs the UTF-8 text of a body, so a lossless decode lets its
 * verifier check exactly the bytes received, and a body that is not UTF-8 can never be stored (400 invalid_utf8)
 * - where a lenient decode would replace bytes and then refuse the signature for the wrong reason.
 */
public final class WebhookBody {

    public String text(Exchange exchange) throws WebhookRejected {
        if (exchange.getMessage().getBody() == null) {
            return "";
        }
        if (exchange.getMessage().getBody() instanceof java.util.Map) {
            // The HTTP server parsed a form: the bytes that were signed are gone, and webhooks are JSON anyway.
            throw new WebhookRejected(415, "unsupported_media_type", "Webhooks are JSON, sent as application/json");
        }
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new WebhookRejected(400, "invalid_utf8", "The body is not UTF-8 text");
        }
    }
}
