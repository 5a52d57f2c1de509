package dev.dropuser.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A sample event of deploy/lambda/events, placeholders filled in, invoked raw through Quarkus' mock Lambda
 * event server ({@code POST /_lambda_}): the function sees exactly what Lambda would hand it.
 */
final class LambdaEvent {
    static final Path SAMPLES = Path.of("deploy", "lambda", "events");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String text;

    private LambdaEvent(String text) {
        this.text = text;
    }

    static LambdaEvent sample(String file) {
        try {
            return new LambdaEvent(Files.readString(SAMPLES.resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample's {@code body} string, as the function receives it (what a webhook signature covers). */
    String body() {
        return tree().path("body").asText();
    }

    /** The event with every {@code ${NAME}} replaced; a placeholder left over fails the test. */
    LambdaEvent fill(Map<String, String> values) {
        String filled = text;
        for (Map.Entry<String, String> value : values.entrySet()) {
            filled = filled.replace("${" + value.getKey() + "}", value.getValue());
        }
        assertThat(filled).as("placeholders left in the event").doesNotContainPattern("\\$\\{[A-Z_]+}");
        return new LambdaEvent(filled);
    }

    /** The event changed as JSON, e.g. to add {@code requestContext.apiId}. */
    LambdaEvent with(Consumer<ObjectNode> change) {
        ObjectNode event = (ObjectNode) tree();
        change.accept(event);
        return new LambdaEvent(event.toString());
    }

    JsonNode tree() {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Invokes the function with this event and returns its API Gateway response. */
    Answer invoke() {
        Response raw = given().contentType(ContentType.JSON).body(text).when().post("/_lambda_");
        raw.then().statusCode(200);
        try {
            JsonNode response = JSON.readTree(raw.asString());
            JsonNode body = response.hasNonNull("body") ? JSON.readTree(response.get("body").asText()) : null;
            return new Answer(response.path("statusCode").asInt(), response.path("headers"), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the function returned: an API Gateway payload-2.0 response, its body parsed. */
    record Answer(int statusCode, JsonNode headers, JsonNode body) {
        String header(String name) {
            var names = headers.fieldNames();
            while (names.hasNext()) {
                String candidate = names.next();
                if (candidate.equalsIgnoreCase(name)) {
                    return headers.get(candidate).asText();
                }
            }
            return null;
        }
    }
}
