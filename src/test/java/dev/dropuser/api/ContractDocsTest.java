package dev.dropuser.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dropuser.drop.ClientStatus;
import dev.dropuser.result.ResultCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract has one prose copy, docs/API.md, and one machine copy, the OpenAPI document the service serves: both
 * list the same endpoints, result codes and client statuses, and those are the ones the code has.
 */
class ContractDocsTest {
    static final Path API_MD = Path.of("docs", "API.md");
    static final Path OPENAPI = Path.of("src", "main", "resources", "META-INF", "openapi.yaml");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    /** Statuses that never reach a drop answer (the cleanup's own bookkeeping). */
    private static final Set<String> INTERNAL_STATUSES = Set.of("given-up");

    static List<String> apiMd;
    static JsonNode openApi;

    @BeforeAll
    static void read() throws IOException {
        apiMd = Files.readAllLines(API_MD);
        openApi = new ObjectMapper(new YAMLFactory()).readTree(OPENAPI.toFile());
    }

    @Test
    void apiMdAndOpenApi_listTheSameEndpoints() {
        Set<String> documented = new TreeSet<>();
        for (List<String> row : table("| endpoint |")) {
            Matcher endpoint = Pattern.compile("^`(GET|PUT|POST|DELETE|PATCH) (/\\S+)`$").matcher(row.get(0));
            assertThat(endpoint.matches()).as("endpoint cell %s", row.get(0)).isTrue();
            documented.add(endpoint.group(1) + " " + endpoint.group(2));
        }
        Set<String> specified = new TreeSet<>();
        openApi.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                specified.add(method.toUpperCase() + " " + path.getKey());
            }
        }));

        assertThat(documented).isNotEmpty().isEqualTo(specified);
    }

    @Test
    void apiMd_listsEveryResultCodeWithTheCodesNumberHttpStatusAndMsg() {
        Set<String> documented = table("| result |").stream()
                .map(row -> row.get(0) + " " + row.get(1) + " " + row.get(2)).collect(Collectors.toCollection(TreeSet::new));

        assertThat(documented).isEqualTo(Arrays.stream(ResultCode.values())
                .map(code -> code.number() + " " + code.httpStatus() + " " + code.msg()).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void openApi_listsEveryResultCodeOfApiMdWithTheSameMsg() {
        Set<String> documented = table("| result |").stream()
                .map(row -> row.get(0) + " " + row.get(2)).collect(Collectors.toCollection(TreeSet::new));
        Set<String> inEnum = new TreeSet<>();
        openApi.at("/components/schemas/ResultCode/enum").forEach(number -> inEnum.add(number.asText()));
        Set<String> inExamples = new TreeSet<>();
        openApi.at("/components/examples").forEach(example -> {
            JsonNode value = example.path("value");
            if (value.has("result") && value.has("msg")) {
                inExamples.add(value.path("result").asText() + " " + value.path("msg").asText());
            }
        });

        assertThat(inEnum).isEqualTo(documented.stream().map(code -> code.split(" ")[0]).collect(Collectors.toSet()));
        assertThat(inExamples).isEqualTo(documented);
    }

    @Test
    void apiMdOpenApiAndClientStatus_listTheSameClientStatuses() {
        Set<String> documented = table("| status |").stream()
                .map(row -> row.get(0).replace("`", "")).collect(Collectors.toCollection(TreeSet::new));
        Set<String> specified = new TreeSet<>();
        openApi.at("/components/schemas/ClientStatus/enum").forEach(status -> specified.add(status.asText()));
        Set<String> inCode = Arrays.stream(ClientStatus.values()).map(ClientStatus::wire)
                .filter(status -> !INTERNAL_STATUSES.contains(status)).collect(Collectors.toCollection(TreeSet::new));

        assertThat(documented).isNotEmpty().isEqualTo(specified).isEqualTo(inCode);
    }

    /** The cells of each row of the one table of API.md whose header line starts with {@code header}. */
    private static List<List<String>> table(String header) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < apiMd.size(); i++) {
            if (apiMd.get(i).startsWith(header)) {
                starts.add(i);
            }
        }
        assertThat(starts).as("tables of %s starting with %s", API_MD, header).hasSize(1);
        List<List<String>> rows = new ArrayList<>();
        for (int i = starts.get(0) + 2; i < apiMd.size() && apiMd.get(i).startsWith("|"); i++) {
            String line = apiMd.get(i);
            rows.add(Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::trim).toList());
        }
        return rows;
    }
}
