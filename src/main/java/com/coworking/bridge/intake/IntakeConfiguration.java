package com.coworking.bridge.intake;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * The webhook endpoint (routes intake.camel.yaml) and what it may spend on a caller it does not know yet. The
 * signature check is made from the checked settings ({@code svixSignatureCheck}).
 */
public class IntakeConfiguration implements CamelConfiguration {

    @BindToRegistry("webhookBody")
    public WebhookBody webhookBody() {
        return new WebhookBody();
    }

    @BindToRegistry("webhookEventClassifier")
    public WebhookEventClassifier webhookEventClassifier() {
        return new WebhookEventClassifier();
    }

    @BindToRegistry("intakeResponses")
    public IntakeResponses intakeResponses() {
        return new IntakeResponses();
    }

    @BindToRegistry("httpServerAnswers")
    public HttpServerAnswers httpServerAnswers(IntakeResponses responses, CamelContext camel,
            @PropertyInject("camel.server.maxBodySize") long maxBodyBytes,
            @PropertyInject("bridge.webhook.max-in-flight") int maxInFlight,
            @PropertyInject("bridge.webhook.max-in-flight-bytes") long maxInFlightBytes) {
        HttpServerAnswers answers = new HttpServerAnswers(responses, maxBodyBytes, maxInFlight, maxInFlightBytes);
        camel.getManagementStrategy().addEventNotifier(answers);
        return answers;
    }

    @BindToRegistry("portsHealthCheck")
    public PortsHealthCheck portsHealthCheck(CamelContext camel, @PropertyInject("camel.server.port") int httpPort,
            @PropertyInject("camel.management.port") int managementPort) {
        return new PortsHealthCheck(camel, httpPort, managementPort);
    }
}
