package com.coworking.bridge.http;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;

/**
 * The two ends of every call to Spacebring or Luckey. {@link #send} turns the {@link HttpCall} in the body into
 * what camel-http sends, after dropping every header the exchange carried (a header left over from an earlier
 * answer, such as Content-Encoding, would change the request). {@link #answerJson} reads the answer: an empty
 * body is never parsed, whatever its Content-Type.
 */
public final class HttpCalls {

    /** Exchange property with the call being made, for the answer check and for error messages. */
    public static final String CALL = "httpCall";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Sends the HttpCall in the body; without one (a failed step tried again, after the failure changed the body)
     * the call that was being made.
     */
    public void send(Exchange exchange) throws JsonProcessingException {
        HttpCall call = exchange.getMessage().getBody() instanceof HttpCall body ? body : exchange.getProperty(CALL, HttpCall.class);
        if (call == null) {
            throw new IllegalStateException("No request to send: the body is " + exchange.getMessage().getBody());
        }
        exchange.setProperty(CALL, call);
        Message message = exchange.getMessage();
        message.removeHeaders("*", "CamelRedelivery*");
        message.setHeader(Exchange.HTTP_METHOD, call.method());
        message.setHeader(Exchange.HTTP_PATH, call.path());
        if (!call.query().isEmpty()) {
            message.setHeader(Exchange.HTTP_QUERY, call.query().entrySet().stream()
                    .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&")));
        }
        if (call.body() == null) {
            message.setBody(null);
        } else {
            message.setHeader(Exchange.CONTENT_TYPE, call.contentType());
            message.setBody(call.body() instanceof String text ? text : JSON.writeValueAsString(call.body()));
        }
    }

    /**
     * The answer's body as JSON: {@link MissingNode} when there is none. Throws {@link UnreadableAnswer} when a
     * body is there but is not JSON.
     */
    public static JsonNode answerJson(Exchange exchange) throws UnreadableAnswer {
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        if (bytes == null || isBlank(bytes)) {
            return MissingNode.getInstance();
        }
        // UTF-8, JSON's own encoding, is parsed from the bytes (Jackson's fastest way); another charset the answer names as text
        String charset = exchange.getProperty(ExchangePropertyKey.CHARSET_NAME, String.class);
        try {
            return charset == null || StandardCharsets.UTF_8.name().equalsIgnoreCase(charset) ? JSON.readTree(bytes)
                    : JSON.readTree(new String(bytes, charset));
        } catch (IOException e) {
            HttpCall call = exchange.getProperty(CALL, HttpCall.class);
            throw new UnreadableAnswer("The answer to " + call + " is not JSON: "
                    + (e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()));
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** The answer's JSON as maps and lists (what the routes' Simple expressions read), null when there is none. */
    public static Object answerValue(Exchange exchange) throws UnreadableAnswer {
        JsonNode json = answerJson(exchange);
        return json.isMissingNode() ? null : JSON.convertValue(json, Object.class);
    }

    /** Anything but a JSON object (a proxy's HTML error page, say) reads as an empty object. */
    public static Map<String, Object> asObject(Object answer) {
        if (answer instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) map;
            return object;
        }
        return Map.of();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A body that was expected to be JSON and is not. */
    public static final class UnreadableAnswer extends Exception {
        public UnreadableAnswer(String message) {
            super(message);
        }
    }
}
