package dev.dropuser.drop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dropuser.auth.Caller;
import dev.dropuser.auth.Role;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The authorization rule of CONTRACT §1, through {@link Caller}'s public API. */
class CallerTest {

    @Test
    void givenModerator_mayActOn_onlyItsOwnRoomExactly() {
        Caller moderator = Caller.moderatorOf("r1", "u-mod");

        assertThat(moderator.mayActOn("r1")).isTrue();
        assertThat(moderator.mayActOn("r2")).isFalse();
        assertThat(moderator.mayActOn("R1")).isFalse();
        assertThat(moderator.mayActOn("r1x")).isFalse();
    }

    @Test
    void givenService_mayActOn_anyRoom() {
        Caller service = Caller.service("svc");

        assertThat(service.mayActOn("r1")).isTrue();
        assertThat(service.mayActOn("another-room")).isTrue();
    }

    @Test
    void givenModeratorWithoutRoom_create_isRefused() {
        assertThatThrownBy(() -> new Caller("u-mod", Role.MODERATOR, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
