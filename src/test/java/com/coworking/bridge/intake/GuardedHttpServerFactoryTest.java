package com.coworking.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.HttpServerConfigurationProperties;
import org.apache.camel.main.MainConfigurationProperties;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.support.FreePorts;

/** Camel's HTTP server as the bridge makes it: from the moment its port is bound, a webhook is never answered 404. */
class GuardedHttpServerFactoryTest {

    @Test
    void aWebhookBeforeTheBridgesGuardIsInstalledIsAnswered503AndAfterItPassesOn() throws Exception {
        int port = FreePorts.next();
        HttpServerConfigurationProperties settings = new HttpServerConfigurationProperties(new MainConfigurationProperties());
        settings.setHost("127.0.0.1");
        settings.setPort(port);
        GuardedHttpServerFactory factory = new GuardedHttpServerFactory();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addService(factory.newHttpServer(camel, settings), true, true);
            camel.start();
            HttpRequest webhook = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/spacebring"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> early = http.send(webhook, HttpResponse.BodyHandlers.ofString());
            assertThat(early.statusCode()).isEqualTo(503);
            assertThat(early.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(early.body()).contains("\"code\":\"starting\"");

            factory.guardInstalled();
            assertThat(http.send(webhook, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("no webhook route in this context: the request went past the handler").isEqualTo(404);
        }
    }
}
