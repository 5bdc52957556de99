package com.coworking.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Camel's real Vert.x server on loopback, losing its port to another program after the start-time check. */
class PortsHealthCheckTest {

    @Test
    void readinessIsDownWhileTheWebhookPortIsHeldByAnotherProgramAndUpOnceTheServerListens() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                DefaultCamelContext camel = new DefaultCamelContext()) {
            int port = other.getLocalPort();
            camel.addService(server(port));
            camel.start();
            PortsHealthCheck check = new PortsHealthCheck(camel, port, 9876);
            check.setCamelContext(camel);

            HealthCheck.Result result = check.call();

            assertThat(check.isReadiness()).isTrue();
            assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(result.getMessage()).hasValueSatisfying(message -> assertThat(message)
                    .startsWith("HTTP_PORT " + port + " on 127.0.0.1 is not bound"));
        }
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = free.getLocalPort();
            free.close();
            try (DefaultCamelContext camel = new DefaultCamelContext()) {
                camel.addService(server(port));
                camel.start();
                PortsHealthCheck check = new PortsHealthCheck(camel, port, 9876);
                check.setCamelContext(camel);

                assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
            }
        }
    }

    private static VertxPlatformHttpServer server(int port) {
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost("127.0.0.1");
        configuration.setBindPort(port);
        return new VertxPlatformHttpServer(configuration);
    }
}
