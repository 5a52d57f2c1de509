package dev.dropuser.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The HTTP API's one Jackson mapper: it reads every body and writes every answer, including the answers written
 * below the REST layer, so that both spell the contract's JSON the same way. Quarkus' own mapper is not used for
 * the API's bodies (they reach the REST layer as finished JSON text).
 */
final class ApiJson {
    static final ObjectMapper MAPPER = JsonMapper.builder().build();
    /** Bodies are read strictly: a repeated field or anything after the object is a malformed body (CONTRACT §2). */
    static final ObjectReader STRICT = MAPPER.reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ApiJson() {
    }

    static String write(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the API's bodies are plain records", e);
        }
    }
}
