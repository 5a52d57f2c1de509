package dev.dropuser.testing;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every {@code @QuarkusTest} runs against the tests' own Redis. */
@WithTestResource(value = TestRedis.class, scope = TestResourceScope.GLOBAL)
public final class GlobalTestResources {
    private GlobalTestResources() {
    }
}
