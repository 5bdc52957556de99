package com.coworking.bridge.luckey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.access.LuckeyAction;

/**
 * The Luckey adapter file on its own (routes/luckey-adapter.camel.yaml), against the Luckey simulator: what an
 * operator who edits that file can check without the rest of the bridge. Each route takes its input as the body.
 */
class LuckeyAdapterRoutesTest extends LuckeyRouteTestSupport {

    private static final LuckeyAction ADA = new LuckeyAction("invite", "u-1", "ada@example.com", "Ada", "Lovelace",
            null, null, "test", "invite:u-1:-:v0");

    @Override
    protected Map<String, String> settings() {
        return Map.of("bridge.tags.auto-create", "false");
    }

    @Test
    void createsTheUserAndAdoptsItTheSecondTime() {
        Exchange created = call("direct:luckey-create-user", ADA, null, null);
        Exchange adopted = call("direct:luckey-create-user", ADA, null, null);

        assertThat(created.getException()).isNull();
        LuckeyResult result = created.getMessage().getBody(LuckeyResult.class);
        assertThat(luckey.user("ada@example.com")).hasValueSatisfying(u -> assertThat(u).containsEntry("id", result.id())
                .containsEntry("externalRef", "u-1"));
        assertThat(adopted.getMessage().getBody(LuckeyResult.class).id()).isEqualTo(result.id());
        assertThat(adopted.getMessage().getBody(LuckeyResult.class).outcome()).contains("409");
        assertThat(luckey.activationEmails()).as("one activation e-mail: the second invite adopted").containsOnlyOnce("ada@example.com");
    }

    @Test
    void theLuckeyUserOfAnotherMemberIsNotAdopted() {
        call("direct:luckey-create-user", new LuckeyAction("invite", "u-5", "eve@example.com", "Eve", "One", null, null, "t", "k5"), null, null);

        Exchange other = call("direct:luckey-create-user",
                new LuckeyAction("invite", "u-6", "EVE@example.com", "Eve", "Two", null, null, "t", "k6"), null, null);

        assertThat(other.getException()).isInstanceOf(LuckeyFailure.Conflict.class)
                .hasMessageContaining("e-mail already used by another member");
        assertThat(luckey.userCount()).isEqualTo(1);
    }

    @Test
    void addsToAnExistingTagAndRemovesIdempotently() {
        String userId = luckey.createUserByHand("grace@example.com", "Grace", "Hopper");
        luckey.createTagByHand("Door B");
        LuckeyAction grace = new LuckeyAction("grant", "u-2", "grace@example.com", "Grace", "Hopper", "plan:p-2", "Door B",
                "test", "k");

        String tagId = call("direct:luckey-find-or-create-tag", grace, userId, null).getMessage().getBody(LuckeyResult.class).id();
        call("direct:luckey-add-to-tag", grace, userId, tagId);
        assertThat(luckey.tagMembers("Door B")).containsExactly("grace@example.com");

        assertThat(call("direct:luckey-remove-from-tag", grace, userId, tagId).getMessage().getBody(LuckeyResult.class).outcome())
                .isEqualTo("removed from the tag");
        assertThat(call("direct:luckey-remove-from-tag", grace, userId, tagId).getMessage().getBody(LuckeyResult.class).outcome())
                .contains("404 not_member");
    }

    @Test
    void oneTokenServesEveryCall() throws Exception {
        AdviceWith.adviceWith(context, "luckey-fetch-token", route -> route.weaveAddLast().to("mock:token-fetched"));
        MockEndpoint tokens = getMockEndpoint("mock:token-fetched");
        tokens.expectedMessageCount(1);
        String userId = luckey.createUserByHand("ken@example.com", "Ken", "Thompson");
        luckey.createTagByHand("Door C");
        LuckeyAction ken = new LuckeyAction("grant", "u-4", "ken@example.com", "Ken", "Thompson", "plan:p-4", "Door C", "test", "k4");

        String tagId = call("direct:luckey-find-or-create-tag", ken, userId, null).getMessage().getBody(LuckeyResult.class).id();
        call("direct:luckey-add-to-tag", ken, userId, tagId);
        call("direct:luckey-remove-from-tag", ken, userId, tagId);
        call("direct:luckey-add-to-tag", ken, userId, tagId);

        tokens.assertIsSatisfied();
        assertThat(luckey.tagMembers("Door C")).containsExactly("ken@example.com");
    }

    @Test
    void aMissingTagIsAnErrorWhenAutoCreationIsOff() {
        LuckeyAction nowhere = new LuckeyAction("grant", "u-3", "x@example.com", "X", "Y", "plan:p-3", "No such door", "test", "k3");

        assertThat(call("direct:luckey-find-or-create-tag", nowhere, null, null).getException()).isInstanceOf(TagMissing.class);
        assertThat(luckey.tagNames()).doesNotContain("No such door");
    }
}
