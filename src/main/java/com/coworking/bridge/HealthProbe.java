package com.coworking.bridge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A container health check with nothing but the JRE: exits 0 when the URL answers 200, 1 otherwise.
 * {@code java -cp spacebring-luckey-bridge.jar com.coworking.bridge.HealthProbe http://localhost:9876/observe/health/ready}
 */
public final class HealthProbe {

    private HealthProbe() {
    }

    public static void main(String... args) {
        String url = args.length > 0 ? args[0] : "http://localhost:9876/observe/health/ready";
        try {
            HttpResponse<Void> answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            System.exit(answer.statusCode() == 200 ? 0 : 1);
        } catch (Exception unreachable) {
            System.exit(1);
        }
    }
}
