package com.coworking.bridge.luckey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.sandbox.LuckeySimulator;
import com.coworking.bridge.sync.LuckeyAction;
import com.coworking.bridge.sync.TagMissing;

/**
 * The Luckey adapter file on its own (routes/luckey-adapter.camel.yaml), against the Luckey simulator:
 * what an operator who edits that file can check without the rest of the bridge or a database.
 */
class LuckeyAdapterRoutesTest extends CamelMainTestSupport {

    private static LuckeySimulator luckey;
    private static final LuckeyAction ADA = new LuckeyAction("grant", "u-1", "loc", "ada@example.com", "Ada", "Lovelace",
            "plan:p-1", "Door A", "test", "grant:u-1:plan:p-1:v1");

    @BeforeAll
    static void startLuckey() throws Exception {
        luckey = LuckeySimulator.start(0, "client", "secret");
    }

    @AfterAll
    static void stopLuckey() {
        luckey.close();
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("file:routes/luckey-adapter.camel.yaml,file:routes/error-handling.camel.yaml");
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = new Properties();
        properties.put("luckey.base-url", luckey.baseUrl());
        properties.put("luckey.client-id", "client");
        properties.put("luckey.client-secret", "secret");
        properties.put("bridge.tags.auto-create", "false");
        return properties;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("luckeyResponseCheck", new LuckeyResponseCheck(new LuckeyAccount(Clock.systemUTC(), Duration.ofMinutes(1))));
        registry.bind("requestParts", new RequestParts());
    }

    private Exchange call(String route, LuckeyAction action, String userId, String tagId) {
        return template.send(route, exchange -> {
            exchange.setProperty("action", action);
            exchange.setProperty("luckeyUserId", userId);
            exchange.setProperty("luckeyTagId", tagId);
        });
    }

    @Test
    void createsTheUserAndAdoptsItTheSecondTime() {
        Exchange created = call("direct:luckey-create-user", ADA, null, null);
        Exchange adopted = call("direct:luckey-create-user", ADA, null, null);

        assertThat(created.getException()).isNull();
        String userId = created.getProperty("luckeyUserId", String.class);
        assertThat(luckey.user("ada@example.com")).hasValueSatisfying(u -> assertThat(u).containsEntry("id", userId)
                .containsEntry("externalRef", "u-1"));
        assertThat(adopted.getProperty("luckeyUserId", String.class)).isEqualTo(userId);
        assertThat(adopted.getProperty("luckeyOutcome", String.class)).contains("409");
        assertThat(luckey.activationEmails()).containsExactly("ada@example.com");
    }

    @Test
    void addsToAnExistingTagAndRemovesIdempotently() {
        String userId = luckey.createUserByHand("grace@example.com", "Grace", "Hopper");
        luckey.createTagByHand("Door B");
        LuckeyAction grace = new LuckeyAction("grant", "u-2", "loc", "grace@example.com", "Grace", "Hopper", "plan:p-2", "Door B",
                "test", "k");

        String tagId = call("direct:luckey-find-or-create-tag", grace, userId, null).getProperty("luckeyTagId", String.class);
        call("direct:luckey-add-to-tag", grace, userId, tagId);
        assertThat(luckey.tagMembers("Door B")).containsExactly("grace@example.com");

        assertThat(call("direct:luckey-remove-from-tag", grace, userId, tagId).getProperty("luckeyOutcome", String.class))
                .isEqualTo("removed from the tag");
        assertThat(call("direct:luckey-remove-from-tag", grace, userId, tagId).getProperty("luckeyOutcome", String.class))
                .contains("404 not_member");
    }

    @Test
    void aMissingTagIsAnErrorWhenAutoCreationIsOff() {
        LuckeyAction nowhere = new LuckeyAction("grant", "u-3", "loc", "x@example.com", "X", "Y", "plan:p-3", "No such door", "test", "k3");

        assertThatThrownBy(() -> template.sendBodyAndProperty("direct:luckey-find-or-create-tag", null, "action", nowhere))
                .isInstanceOf(CamelExecutionException.class).hasCauseInstanceOf(TagMissing.class);
        assertThat(luckey.tagNames()).doesNotContain("No such door");
    }
}
