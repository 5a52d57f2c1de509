package dev.dropuser.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The promises deploy/lambda/template.yaml makes, read from the template itself: explicit routes only, the
 * schedule's input is the sample event (and reaches the internal route only), the function gets the settings
 * the Lambda path relies on. {@code sam} and AWS are not needed; CI also runs cfn-lint where it is installed.
 */
class DeployTemplateTest {
    static final Path TEMPLATE = Path.of("deploy", "lambda", "template.yaml");
    static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, Object> template;
    static Map<String, Object> function;

    @BeforeAll
    static void read() throws IOException {
        try (Reader reader = Files.newBufferedReader(TEMPLATE)) {
            template = new Yaml(new CloudFormationTags()).load(reader);
        }
        function = map(resources().get("DropuserFunction"));
    }

    @Test
    void httpApi_hasExactlyTheContractsRoutes_andNoCatchAll() {
        List<String> routes = events("HttpApi").values().stream()
                .map(event -> map(event.get("Properties")))
                .map(p -> p.get("Method") + " " + p.get("Path"))
                .sorted().toList();

        assertThat(routes).containsExactly("POST /v1/cleanup", "POST /v1/rooms/{roomId}/drop", "POST /v1/webhooks/drop");
        Map<String, Object> api = map(map(resources().get("DropuserApi")).get("Properties"));
        assertThat(api).as("an OpenAPI definition could add routes").doesNotContainKeys("DefinitionBody", "DefinitionUri");
        assertThat(resources().values()).extracting(r -> map(r).get("Type"))
                .as("routes defined outside the function's events").doesNotContain("AWS::ApiGatewayV2::Route", "AWS::Serverless::Api");
    }

    @Test
    void sampleApiEvents_matchTheTemplatesRoutes_andCarryAnApiId() throws IOException {
        List<String> routes = events("HttpApi").values().stream()
                .map(event -> map(event.get("Properties")))
                .map(p -> p.get("Method") + " " + p.get("Path")).toList();
        for (String sample : List.of("drop.json", "webhook.json")) {
            JsonNode event = JSON.readTree(LambdaEvent.SAMPLES.resolve(sample).toFile());
            assertThat(event.path("version").asText()).isEqualTo("2.0");
            assertThat(routes).as(sample).contains(event.path("routeKey").asText());
            assertThat(event.path("requestContext").path("apiId").asText()).as(sample).isNotEmpty();
        }
    }

    @Test
    void schedule_sendsExactlyTheSampleEvent_toAPathWithoutRoute_andWithoutApiId() throws IOException {
        Map<String, Object> schedule = map(events("ScheduleV2").get("CleanupSchedule").get("Properties"));
        JsonNode input = JSON.readTree((String) schedule.get("Input"));

        assertThat(input).isEqualTo(JSON.readTree(LambdaEvent.SAMPLES.resolve("schedule-cleanup.json").toFile()));
        assertThat(input.path("rawPath").asText()).isEqualTo("/internal/cleanup");
        assertThat(input.path("requestContext").path("http").path("method").asText()).isEqualTo("POST");
        assertThat(input.path("requestContext").has("apiId")).isFalse();
        assertThat(events("HttpApi").values()).extracting(e -> map(e.get("Properties")).get("Path"))
                .doesNotContain("/internal/cleanup");
        assertThat(schedule.get("ScheduleExpression")).isEqualTo(Map.of("Ref", "CleanupSchedule"));
        assertThat(parameter("CleanupSchedule").get("Default")).isEqualTo("rate(1 minute)");
    }

    @Test
    void function_enablesTheInternalRoute_andSwitchesTheServicesOwnTimerOff() {
        Map<String, Object> variables = map(map(properties().get("Environment")).get("Variables"));

        assertThat(variables).containsEntry("DROPUSER_CLEANUP_INTERNAL_ROUTE", "true")
                .containsEntry("QUARKUS_SCHEDULER_ENABLED", "false")
                .containsEntry("QUARKUS_REDIS_HOSTS", Map.of("Ref", "RedisUrl"))
                .containsEntry("QUARKUS_REDIS_CLIENT_TYPE", Map.of("Ref", "RedisClientType"))
                .containsEntry("MP_JWT_VERIFY_ISSUER", Map.of("Ref", "JwtIssuer"))
                .containsEntry("MP_JWT_VERIFY_AUDIENCES", Map.of("Ref", "JwtAudience"))
                .containsEntry("DROPUSER_WEBHOOK_SECRETS", Map.of("Ref", "WebhookSecrets"))
                .containsEntry("DROPUSER_SIGNALING_MODE", Map.of("Ref", "SignalingMode"))
                .containsKeys("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "MP_JWT_VERIFY_PUBLICKEY");
    }

    @Test
    void secrets_areNoEchoParameters() {
        assertThat(parameter("WebhookSecrets")).containsEntry("NoEcho", true);
        assertThat(parameter("RedisUrl")).containsEntry("NoEcho", true);
    }

    @Test
    void function_isNativeByDefault_withTheJvmHandlerAsFallback_andRunsInTheVpc() {
        assertThat(parameter("Runtime").get("Default")).isEqualTo("provided.al2023");
        assertThat(parameter("Runtime").get("AllowedValues")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .contains("provided.al2023", "java21");
        assertThat(properties().get("Handler").toString())
                .contains("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
        assertThat(properties().get("CodeUri")).isEqualTo("../../target/function.zip");
        assertThat(map(properties().get("VpcConfig"))).containsEntry("SubnetIds", Map.of("Ref", "SubnetIds"))
                .containsEntry("SecurityGroupIds", Map.of("Ref", "SecurityGroupIds"));
        assertThat(parameter("SubnetIds").get("Type")).isEqualTo("List<AWS::EC2::Subnet::Id>");
    }

    @Test
    void timeout_coversRedisAndConfirmationTimeouts_andStaysUnderTheHttpApiLimit() {
        int timeout = (Integer) parameter("TimeoutSeconds").get("Default");
        // quarkus.redis.timeout 500 ms + dropuser.confirm-timeout 1 s, with headroom; HTTP API integrations stop at 30 s.
        assertThat(timeout).isBetween(3, 29);
        assertThat((Integer) parameter("TimeoutSeconds").get("MaxValue")).isLessThan(30);
        assertThat(properties().get("Timeout")).isEqualTo(Map.of("Ref", "TimeoutSeconds"));
        assertThat(properties().get("ReservedConcurrentExecutions").toString()).contains("ReservedConcurrency");
    }

    @Test
    void jvmRuntimes_useSnapStartByDefault_onPublishedVersions_andEventsCallTheAlias() {
        assertThat(parameter("SnapStart")).containsEntry("Default", "true");
        assertThat(properties()).containsEntry("AutoPublishAlias", "live");
        assertThat(properties().get("SnapStart")).isEqualTo(
                Map.of("ApplyOn", Map.of("Fn::If", List.of("UsesSnapStart", "PublishedVersions", "None"))));
        assertThat(map(template.get("Conditions")).get("UsesSnapStart").toString())
                .contains("IsNative", "SnapStart");
        // SAM points every event of a function with AutoPublishAlias at the alias; none may name a version itself.
        assertThat(map(properties().get("Events")).values()).allSatisfy(event ->
                assertThat(map(map(event).get("Properties"))).doesNotContainKeys("FunctionName", "Target"));
    }

    @Test
    void jvmOptions_chooseTheCollectorAndHeapFromTheFunctionsMemory_andTheAotCacheOnJava25Only() {
        String options = map(map(properties().get("Environment")).get("Variables")).get("JAVA_TOOL_OPTIONS").toString();

        assertThat(options).contains("-XX:+UseSerialGC", "-XX:MaxRAMPercentage=", "IsJava25", "-XX:AOTCache=/var/task/app.aot");
        assertThat(options.indexOf("-XX:AOTCache")).as("the cache only in the java25 branch")
                .isLessThan(options.lastIndexOf("-XX:+UseSerialGC"));
    }

    private static Map<String, Object> resources() {
        return map(template.get("Resources"));
    }

    private static Map<String, Object> properties() {
        return map(function.get("Properties"));
    }

    private static Map<String, Object> parameter(String name) {
        return map(map(template.get("Parameters")).get(name));
    }

    private static Map<String, Map<String, Object>> events(String type) {
        return map(properties().get("Events")).entrySet().stream()
                .filter(e -> type.equals(map(e.getValue()).get("Type")))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> map(e.getValue())));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    /** Reads {@code !Ref X} as {@code {Ref: X}} and {@code !If [...]} as {@code {Fn::If: [...]}}, like CloudFormation. */
    static final class CloudFormationTags extends SafeConstructor {
        CloudFormationTags() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String function = node.getTag().getValue().substring(1);
                    Object argument;
                    if (node instanceof ScalarNode scalar) {
                        argument = constructScalar(scalar);
                    } else if (node instanceof SequenceNode sequence) {
                        argument = constructSequence(sequence);
                    } else {
                        argument = constructMapping((MappingNode) node);
                    }
                    return Map.of(function.equals("Ref") ? "Ref" : "Fn::" + function, argument);
                }
            });
        }
    }
}
