package io.ainfinity.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GroupsClaimCheckTest {

    private static String token(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    @Test
    void acceptsAbsentGroupsAnArrayOfStringsOrOneRoleName() {
        assertThat(GroupsClaimCheck.problem(token("{\"sub\":\"a\"}"))).isEmpty();
        assertThat(GroupsClaimCheck.problem(token("{\"groups\":[\"user\",\"viewer\"]}")))
                .isEmpty();
        assertThat(GroupsClaimCheck.problem(token("{\"groups\":\"user\"}"))).isEmpty();
    }

    @Test
    void refusesEveryOtherShape() {
        for (String groups : new String[] {"{\"admin\":true}", "\"viewer admin\"", "[\"a\",{}]", "1", "null"}) {
            assertThat(GroupsClaimCheck.problem(token("{\"groups\":" + groups + "}")))
                    .as(groups)
                    .isPresent();
        }
        assertThat(GroupsClaimCheck.problem(token("[1,2]"))).isPresent();
        assertThat(GroupsClaimCheck.problem(token("not json"))).isPresent();
    }

    @Test
    void leavesWhatIsNotASignedTokenToTheVerifier() {
        assertThat(GroupsClaimCheck.problem("a.b")).isEmpty();
        assertThat(GroupsClaimCheck.problem("a.b.c.d.e")).isEmpty();
    }
}
