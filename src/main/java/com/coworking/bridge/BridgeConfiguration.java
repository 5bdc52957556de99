package com.coworking.bridge;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

import com.coworking.bridge.db.Database;
import com.coworking.bridge.db.DatabaseHealthCheck;
import com.coworking.bridge.db.DatabaseSettings;
import com.coworking.bridge.intake.IntakeResponses;
import com.coworking.bridge.intake.PayloadTooLargeAnswer;
import com.coworking.bridge.intake.SvixSignatureCheck;
import com.coworking.bridge.intake.WebhookEventClassifier;

/** Builds the beans the YAML routes refer to by name, from the settings in application.properties. */
public class BridgeConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camel) throws Exception {
        PropertiesComponent properties = camel.getPropertiesComponent();
        Database database = new Database(new DatabaseSettings(
                setting(properties, "bridge.db.url"),
                setting(properties, "bridge.db.user"),
                setting(properties, "bridge.db.password"),
                setting(properties, "bridge.db.embedded-data-dir"),
                Integer.parseInt(setting(properties, "bridge.db.embedded-port")),
                Integer.parseInt(setting(properties, "bridge.db.pool-size")),
                Long.parseLong(setting(properties, "bridge.db.connect-timeout-ms")),
                Integer.parseInt(setting(properties, "bridge.db.startup-retries"))));
        // Started here, before any route, so that the schema is migrated when the routes start.
        database.start();
        camel.addService(database, true, true);
        camel.getRegistry().bind("dataSource", database.dataSource());
        camel.getRegistry().bind("databaseHealthCheck", new DatabaseHealthCheck(database.dataSource()));
        camel.getRegistry().bind("svixSignatureCheck", new SvixSignatureCheck(setting(properties, "bridge.webhook.secret")));
        camel.getRegistry().bind("webhookEventClassifier", new WebhookEventClassifier());
        IntakeResponses responses = new IntakeResponses();
        camel.getRegistry().bind("intakeResponses", responses);
        camel.addStartupListener(new PayloadTooLargeAnswer(responses));
    }

    private static String setting(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key)
                .orElseThrow(() -> new IllegalStateException("Missing setting " + key + " in application.properties"));
    }
}
