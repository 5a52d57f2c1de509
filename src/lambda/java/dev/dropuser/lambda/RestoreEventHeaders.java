package dev.dropuser.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.quarkus.vertx.http.runtime.QuarkusHttpHeaders;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Gives every request the header values its Lambda event carried, byte for byte. quarkus-amazon-lambda-http
 * splits each event header at its commas into several values (all but {@code access-control-request-headers}),
 * and a resource then reads only the first one: {@code webhook-signature: v1,<base64>} would arrive as
 * {@code v1} and no webhook could be verified, and an {@code Idempotency-Key} with a comma would be cut short.
 * A payload-2.0 event holds one string per header (API Gateway already joined repeated headers with commas),
 * so that string is the header's value.
 */
@Singleton
class RestoreEventHeaders {
    /** Before every other filter (CORS is 300, the body limit 200), which may read headers too. */
    private static final int FIRST = 10_000;

    void register(@Observes Filters filters) {
        filters.register(context -> {
            if (context.request().headers() instanceof QuarkusHttpHeaders headers) {
                APIGatewayV2HTTPEvent event = headers.getContextObject(APIGatewayV2HTTPEvent.class);
                if (event != null && event.getHeaders() != null) {
                    for (Map.Entry<String, String> header : event.getHeaders().entrySet()) {
                        if (header.getValue() != null && header.getValue().indexOf(',') >= 0) {
                            headers.set(header.getKey(), header.getValue());
                        }
                    }
                }
            }
            context.next();
        }, FIRST);
    }
}
