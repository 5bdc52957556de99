package com.coworking.bridge.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TagRefTest {

    @Test
    void keysRoundTripEvenWhenTheIdHasAColon() {
        assertThat(TagRef.fromKey(TagRef.plan("p-1").key())).isEqualTo(TagRef.plan("p-1"));
        assertThat(TagRef.company("c:1").key()).isEqualTo("company:c:1");
        assertThat(TagRef.fromKey("company:c:1")).isEqualTo(TagRef.company("c:1"));
    }
}
