package com.coworking.bridge.luckey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.coworking.bridge.access.LuckeyAction;
import com.coworking.bridge.sandbox.LuckeySimulator.AnswerStyle;

/**
 * Every operation of the Luckey adapter, once per way Luckey may phrase a successful answer (201/204 as the profile
 * shows, 204 with a JSON content type, 200 with a body, a charset parameter, gzip): any 2xx is success and an empty
 * body is never parsed. The access sync above the adapter is tested end to end once, in the profile's phrasing
 * (AccessSyncTest).
 */
class LuckeyAnswerStylesTest extends LuckeyRouteTestSupport {

    @BeforeEach
    void luckeyEmpty() {
        luckey.forgetAll();
    }

    private LuckeyResult result(String route, LuckeyAction action, String userId, String tagId) {
        Exchange answer = call(route, action, userId, tagId);
        assertThat(answer.getException()).as(route).isNull();
        return answer.getMessage().getBody(LuckeyResult.class);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> readBack(String userRef, String luckeyUserId) {
        Exchange answer = send("direct:luckey-read-user", new UserReadBack(userRef, luckeyUserId));
        assertThat(answer.getException()).isNull();
        return answer.getMessage().getBody(Map.class);
    }

    @ParameterizedTest(name = "Luckey answers {0}")
    @EnumSource(AnswerStyle.class)
    void everyOperationReadsTheAnswer(AnswerStyle style) {
        luckey.setAnswerStyle(style);
        LuckeyAction invite = new LuckeyAction("invite", "u-1", "ada@example.com", "Ada", "Lovelace", null, null, "test", "k1");
        LuckeyAction rename = new LuckeyAction("rename", "u-1", "ada@example.com", "Ada", "King", null, null, "test", "k2");
        LuckeyAction grant = new LuckeyAction("grant", "u-1", "ada@example.com", "Ada", "King", "plan:p-1", "Door", "test", "k3");

        String userId = result("direct:luckey-create-user", invite, null, null).id();
        assertThat(luckey.user("ada@example.com")).hasValueSatisfying(user -> assertThat(user).containsEntry("id", userId));
        assertThat(result("direct:luckey-create-user", invite, null, null)).as("409: adopted")
                .isEqualTo(new LuckeyResult(userId, "adopted the existing Luckey user (409 user_exists)"));

        assertThat(result("direct:luckey-rename-user", rename, userId, null).outcome()).isEqualTo("renamed");
        assertThat(luckey.user("ada@example.com")).hasValueSatisfying(user -> assertThat(user).containsEntry("surname", "King"));

        String tagId = result("direct:luckey-find-or-create-tag", grant, userId, null).id();
        assertThat(luckey.tagNames()).contains("Door");
        assertThat(result("direct:luckey-find-or-create-tag", grant, userId, null).id()).as("found the second time").isEqualTo(tagId);

        assertThat(result("direct:luckey-add-to-tag", grant, userId, tagId).outcome()).isEqualTo("added to the tag");
        assertThat(luckey.tagMembers("Door")).containsExactly("ada@example.com");
        assertThat(readBack("u-1", userId)).containsEntry("id", userId);
        assertThat(readBack("u-1", null)).as("by externalRef").containsEntry("id", userId);

        assertThat(result("direct:luckey-remove-from-tag", grant, userId, tagId).outcome()).isEqualTo("removed from the tag");
        assertThat(result("direct:luckey-remove-from-tag", grant, userId, tagId).outcome()).contains("404 not_member");
        assertThat(luckey.tagMembers("Door")).isEmpty();
    }
}
