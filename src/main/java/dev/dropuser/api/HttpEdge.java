package dev.dropuser.api;

import dev.dropuser.auth.CallerAuthentication;
import dev.dropuser.result.DropuserException;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the API port refuses before an endpoint runs, each with the contract's JSON (CONTRACT §3, §12), in this
 * order: a header section over {@value #MAX_HEADER_SECTION_BYTES} bytes (431, result 1002); a token endpoint
 * called without {@code Bearer <compact JWS>} (1001, before a byte of the body is read); a body declared or
 * streamed over 64 KiB (1005); a body that does not arrive within {@code quarkus.http.read-timeout} (408, result
 * 1002). A chunked body is read here, into at most 64 KiB, and handed to the endpoint.
 */
@Singleton
class HttpEdge {
    /** The contract's header limit. The HTTP server's own, larger one (quarkus.http.limits.max-header-size) only guards memory. */
    static final int MAX_HEADER_SECTION_BYTES = 20 * 1024;
    /** Endpoints that take a token and a body: refused without a well-formed token before the body is read. */
    private static final Pattern TOKEN_WITH_BODY = Pattern.compile("/v1/rooms/[^/]+/drop|/v1/cleanup");
    /**
     * Quarkus' CORS filter has priority 300 and runs first (higher runs first): a browser page of an allowed
     * origin must be able to read these answers too.
     */
    private static final int HEADERS = 250;
    private static final int TOKEN = 240;
    private static final int DECLARED_LENGTH = 230;
    private static final int BODY_DEADLINE = 220;
    private static final int CHUNKED_BODY = 210;

    private final Answers answers;
    private final Vertx vertx;
    private final long bodyMillis;

    HttpEdge(Answers answers, Vertx vertx, @ConfigProperty(name = "quarkus.http.read-timeout") Duration bodyTimeout) {
        this.answers = answers;
        this.vertx = vertx;
        this.bodyMillis = Math.max(1, bodyTimeout.toMillis());
    }

    void register(@Observes Filters filters) {
        filters.register(this::headerSection, HEADERS);
        filters.register(this::token, TOKEN);
        filters.register(this::declaredLength, DECLARED_LENGTH);
        filters.register(this::bodyDeadline, BODY_DEADLINE);
        filters.register(this::chunkedBody, CHUNKED_BODY);
    }

    private void headerSection(RoutingContext context) {
        HttpServerRequest request = context.request();
        long size = request.method().name().length() + request.uri().length() + 12;
        for (Map.Entry<String, String> header : request.headers()) {
            size += header.getKey().length() + header.getValue().length() + 4;
        }
        if (size > MAX_HEADER_SECTION_BYTES) {
            refuse(context, 431, DropuserException.invalidRequest(
                    "the request's header section is over " + MAX_HEADER_SECTION_BYTES + " bytes"));
        } else {
            context.next();
        }
    }

    private void token(RoutingContext context) {
        HttpServerRequest request = context.request();
        DropuserException misshapen = request.method() == HttpMethod.POST && TOKEN_WITH_BODY.matcher(request.path()).matches()
                ? CallerAuthentication.refusalOfShape(request.getHeader("Authorization"))
                : null;
        if (misshapen != null) {
            refuse(context, misshapen);
        } else {
            context.next();
        }
    }

    private void declaredLength(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        if (length != null && declaresTooMuch(length)) {
            refuse(context, DropBodyParser.tooLarge());
        } else {
            context.next();
        }
    }

    /**
     * A body must be in within the read timeout of its headers: checked when the timer fires, so that a request
     * whose body arrived may take its time to be answered (the cleanup's does).
     */
    private void bodyDeadline(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!request.isEnded()) {
            long timer = vertx.setTimer(bodyMillis, id -> {
                if (!request.isEnded()) {
                    refuse(context, 408, DropuserException.invalidRequest(
                            "the request body did not arrive within " + bodyMillis + " ms"));
                }
            });
            context.addEndHandler(done -> vertx.cancelTimer(timer));
        }
        context.next();
    }

    /**
     * A chunked body (no {@code Content-Length}) is read here, into at most 64 KiB, and handed to the REST layer
     * as the request's body; past 64 KiB it is refused (1005) and the rest is not read. (Left to the REST layer,
     * it would be answered with an empty 413.) Declared lengths were checked above and are left to the REST layer.
     */
    private void chunkedBody(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.getHeader("Content-Length") != null || request.getHeader("Transfer-Encoding") == null || request.isEnded()) {
            context.next();
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(data -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + data.length() > DropBodyParser.MAX_BODY_BYTES) {
                refused[0] = true;
                refuse(context, DropBodyParser.tooLarge());
            } else {
                body.appendBuffer(data);
            }
        });
        request.endHandler(ended -> {
            if (!refused[0]) {
                context.setBody(body);
                context.next();
            }
        });
    }

    private static boolean declaresTooMuch(String length) {
        try {
            return Long.parseLong(length.trim()) > DropBodyParser.MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void refuse(RoutingContext context, DropuserException refusal) {
        refuse(context, refusal.code().httpStatus(), refusal);
    }

    /** Answers and closes the connection: whatever the client still sends is not read. */
    private void refuse(RoutingContext context, int status, DropuserException refusal) {
        if (context.response().headWritten() || context.response().ended()) {
            return;
        }
        HttpServerRequest request = context.request();
        context.response()
                .setStatusCode(status)
                .putHeader("Content-Type", Responses.JSON)
                .putHeader("Connection", "close")
                .end(answers.refusedJson(Answers.HTTP, refusal))
                // Vert.x would keep reading a body still on its way: the connection goes now, with its buffers.
                .onComplete(written -> request.connection().close());
    }
}
