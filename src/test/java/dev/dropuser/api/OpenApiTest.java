package dev.dropuser.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropuser.drop.ClientStatus;
import dev.dropuser.drop.DropCause;
import dev.dropuser.result.ResultCode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract served at /q/openapi documents every result code, client status and cause the code has. */
@QuarkusTest
class OpenApiTest {
    static final String DROP = "/v1/rooms/{roomId}/drop";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a drop answer can say about a client (CONTRACT §2, and invalid-entry), as the code spells it. */
    static final List<String> DROP_ANSWER_STATUSES = Stream.of(ClientStatus.DROPPED, ClientStatus.PENDING,
            ClientStatus.NOT_FOUND, ClientStatus.GHOST_REMOVED, ClientStatus.INVALID_ENTRY).map(ClientStatus::wire).toList();

    JsonNode document;

    /** The management interface (CONTRACT §12), on its own random port in tests. */
    @TestHTTPResource(value = "", management = true)
    java.net.URL management;

    @BeforeEach
    void fetch() throws Exception {
        String body = given().queryParam("format", "json")
                .when().get(management.toString().replaceAll("/+$", "").replaceAll("/q$", "") + "/q/openapi")
                .then().statusCode(200).extract().asString();
        document = JSON.readTree(body);
    }

    @Test
    void openApiDocument_listsEveryResultCodeInTheResultCodeSchema() {
        Set<Integer> documented = new TreeSet<>();
        document.at("/components/schemas/ResultCode/enum").forEach(number -> documented.add(number.asInt()));

        assertThat(documented).containsExactlyInAnyOrderElementsOf(numbers(ResultCode.values()));
    }

    @Test
    void openApiDocument_hasOneExampleWithTheRightMsgPerResultCode() {
        for (ResultCode code : ResultCode.values()) {
            List<JsonNode> examples = examplesWithResult(allExampleValues(), code.number());
            assertThat(examples).as("examples of result %d", code.number()).isNotEmpty();
            assertThat(examples).as("msg of result %d", code.number())
                    .allSatisfy(example -> assertThat(example.path("msg").asText()).isEqualTo(code.msg()));
        }
    }

    @Test
    void dropOperation_documentsEachResultCodeUnderItsHttpStatus() {
        JsonNode responses = document.path("paths").path(DROP).path("post").path("responses");
        for (ResultCode code : ResultCode.values()) {
            if (code == ResultCode.INVALID_SIGNATURE) {
                continue; // the webhook's code (CONTRACT §7): the drop operation never answers it
            }
            JsonNode response = resolve(responses.path(String.valueOf(code.httpStatus())));
            List<JsonNode> examples = new ArrayList<>();
            response.path("content").path("application/json").path("examples")
                    .forEach(example -> examples.add(resolve(example).path("value")));
            assertThat(examplesWithResult(examples, code.number()))
                    .as("HTTP %d of the drop operation has an example of result %d", code.httpStatus(), code.number())
                    .isNotEmpty();
        }
        assertThat(fieldNames(responses)).as("no undocumented status")
                .containsExactlyInAnyOrderElementsOf(dropStatuses());
    }

    @Test
    void dropOperation_hasOneSuccessExamplePerClientStatus() {
        JsonNode success = document.path("paths").path(DROP).path("post").path("responses").path("200")
                .path("content").path("application/json").path("examples");
        List<String> documented = values(document.at("/components/schemas/ClientStatus/enum"));

        assertThat(documented).containsExactlyInAnyOrderElementsOf(DROP_ANSWER_STATUSES);
        assertThat(fieldNames(success)).containsExactlyInAnyOrderElementsOf(DROP_ANSWER_STATUSES);
        for (String status : DROP_ANSWER_STATUSES) {
            JsonNode example = resolve(success.path(status)).path("value");
            assertThat(example.path("result").asInt(-1)).isZero();
            assertThat(example.path("clients").findValuesAsText("status")).as("example %s", status).contains(status);
        }
    }

    @Test
    void openApiDocument_describesEveryDisconnectCause() {
        JsonNode cause = document.at("/components/schemas/DisconnectCause");
        for (DropCause dropCause : DropCause.values()) {
            assertThat(values(cause.at("/properties/code/enum"))).contains(String.valueOf(dropCause.code()));
            assertThat(values(cause.at("/properties/msg/enum"))).contains(dropCause.msg());
            assertThat(cause.path("description").asText())
                    .contains("| " + dropCause.code() + " | " + dropCause.msg() + " |");
        }
    }

    @Test
    void givenNoToken_drop_answersWithTheFieldsOfTheDocumented1001Example() {
        JsonNode example = examplesWithResult(allExampleValues(), ResultCode.INVALID_TOKEN.number()).get(0);

        var answer = given().contentType(ContentType.JSON).body("{\"clientIds\":[]}")
                .when().post("/v1/rooms/r1/drop")
                .then().statusCode(401).extract().jsonPath();

        assertThat(answer.getMap("").keySet()).containsExactlyInAnyOrderElementsOf(fieldNames(example));
        assertThat(answer.getInt("result")).isEqualTo(example.path("result").asInt());
        assertThat(answer.getString("msg")).isEqualTo(example.path("msg").asText());
    }

    /** The HTTP statuses the drop operation can answer: every result code's but the webhook's 1003. */
    private static List<String> dropStatuses() {
        return Arrays.stream(ResultCode.values()).filter(code -> code != ResultCode.INVALID_SIGNATURE)
                .map(code -> String.valueOf(code.httpStatus())).distinct().toList();
    }

    private List<JsonNode> allExampleValues() {
        List<JsonNode> values = new ArrayList<>();
        document.path("components").path("examples").forEach(example -> values.add(example.path("value")));
        return values;
    }

    private static List<JsonNode> examplesWithResult(List<JsonNode> examples, int result) {
        return examples.stream().filter(example -> example.path("result").isInt()
                && example.path("result").asInt() == result).toList();
    }

    /** Follows a local {@code $ref} such as {@code #/components/responses/InvalidToken}. */
    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.path("$ref");
        return ref.isTextual() ? document.at(ref.asText().substring(1)) : node;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> values(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<Integer> numbers(ResultCode[] codes) {
        return Arrays.stream(codes).map(ResultCode::number).toList();
    }
}
