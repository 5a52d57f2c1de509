package dev.dropuser.drop;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Request ids of instances restored from one snapshot: same memory, so the same random state until a reseed. */
class RequestIdsTest {

    /** What two instances restored from one snapshot share: a generator in exactly the same state. */
    static SecureRandom snapshotState() throws NoSuchAlgorithmException {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(20261130L);
        return random;
    }

    @Test
    void givenTwoInstancesRestoredFromOneState_withoutReseed_repeatEachOthersIds() throws Exception {
        RequestIds first = new RequestIds(snapshotState(), SecureRandom::new);
        RequestIds second = new RequestIds(snapshotState(), SecureRandom::new);

        assertThat(ids(first, 100)).as("the hazard the reseed exists for").isEqualTo(ids(second, 100));
    }

    @Test
    void givenTwoInstancesRestoredFromOneState_afterRestoreReseed_giveDifferentIds() throws Exception {
        RequestIds first = new RequestIds(snapshotState(), SecureRandom::new);
        RequestIds second = new RequestIds(snapshotState(), SecureRandom::new);

        first.reseed();
        second.reseed();

        Set<String> all = new HashSet<>(ids(first, 1000));
        all.addAll(ids(second, 1000));
        assertThat(all).hasSize(2000);
    }

    @Test
    void ids_areVersion4Uuids() {
        String id = RequestIds.next();

        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).isEqualTo(4);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.toString()).isEqualTo(id);
    }

    private static List<String> ids(RequestIds generator, int count) {
        return IntStream.range(0, count).mapToObj(i -> generator.nextId()).toList();
    }
}
