package com.coworking.bridge.luckey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** What the answer to POST /tags says, as the shared Luckey profile writes it (a 201, or a 409 tag_exists). */
class LuckeyResultsTest {

    private final LuckeyResults results = new LuckeyResults((link, luckeyUserId) -> null);

    @Test
    void aNewTagIsCreated() throws Exception {
        LuckeyResult tag = results.tagCreated(Map.of("tag", Map.of("id", "t-1", "name", "Door A")));

        assertThat(tag.id()).isEqualTo("t-1");
        assertThat(tag.outcome()).isEqualTo("created");
    }

    @Test
    void aTagAnotherCallCreatedMeanwhileIsUsedAndSaidSo() throws Exception {
        LuckeyResult tag = results.tagCreated(Map.of("error", Map.of("code", "tag_exists", "message", "A tag with this name exists",
                "details", Map.of("tagId", "t-2"))));

        assertThat(tag.id()).isEqualTo("t-2");
        assertThat(tag.outcome()).as("the log does not say it was created").isNotEqualTo("created").contains("409");
    }

    @Test
    void anAnswerNamingNoTagLeavesTheOutcomeUnknown() {
        assertThatThrownBy(() -> results.tagCreated(Map.of())).isInstanceOf(LuckeyFailure.OutcomeUnknown.class);
    }
}
