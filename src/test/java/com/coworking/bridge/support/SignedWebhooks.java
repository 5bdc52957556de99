package com.coworking.bridge.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.svix.Webhook;

/** Sends webhooks the way Svix does: svix-id, svix-timestamp and a signature made by Svix's own library. */
public final class SignedWebhooks {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;

    public SignedWebhooks(String url) {
        this.url = url;
    }

    public static String newMessageId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    public HttpResponse<String> send(String body) throws Exception {
        return send(newMessageId(), body);
    }

    public HttpResponse<String> send(String messageId, String body) throws Exception {
        return send(messageId, Instant.now(), body, RunningBridge.SECRET);
    }

    public HttpResponse<String> send(String messageId, Instant timestamp, String body, String secret) throws Exception {
        String signature = new Webhook(secret).sign(messageId, timestamp.getEpochSecond(), body);
        return post(messageId, String.valueOf(timestamp.getEpochSecond()), signature, body);
    }

    public HttpResponse<String> post(String messageId, String timestamp, String signature, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (messageId != null) {
            request.header("svix-id", messageId);
        }
        if (timestamp != null) {
            request.header("svix-timestamp", timestamp);
        }
        if (signature != null) {
            request.header("svix-signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
