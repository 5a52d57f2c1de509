package dev.dropuser.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropuser.testing.RoomFixture;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Without {@code dropuser.cleanup.internal-route=true} (only the Lambda deployment sets it) the internal route
 * does not exist as far as any caller can tell, even for the schedule's own event.
 */
@QuarkusTest
class InternalRouteOffTest {

    @Inject
    RedisDataSource redis;

    @Test
    void givenInternalRouteNotEnabled_scheduleInput_isAnsweredLikeAnUnknownPathAndChangesNothing() {
        RoomFixture room = new RoomFixture(redis);
        room.reset();
        room.join("r1", "ghost", "sig-dead", "sid-g", "u-g", "participant");
        var before = room.snapshot();

        LambdaEvent.Answer answer = LambdaEvent.sample("schedule-cleanup.json").invoke();

        assertThat(answer.statusCode()).as(answer::toString).isEqualTo(404);
        assertThat(answer.body().path("result").asInt()).isEqualTo(1002);
        assertThat(answer.body().path("error").asText()).isEqualTo("no such endpoint or method");
        assertThat(room.snapshot()).isEqualTo(before);
    }
}
