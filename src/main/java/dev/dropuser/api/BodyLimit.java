package dev.dropuser.api;

import dev.dropuser.result.DropuserException;
import dev.dropuser.result.ResultCode;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Bodies over 64 KiB are answered with the contract's 1005 JSON (CONTRACT §3) instead of the HTTP server's
 * empty 413: refused by {@code Content-Length} before a byte is read, or when a chunked body outgrows the
 * server's limit.
 */
@Singleton
class BodyLimit {
    private final Answers answers;

    BodyLimit(Answers answers) {
        this.answers = answers;
    }

    /**
     * Before the body is read, but after Quarkus' CORS filter (priority 300, higher runs first): a browser page
     * of an allowed origin must be able to read this answer too.
     */
    private static final int AFTER_CORS = 200;

    void refuseDeclaredLargeBodies(@Observes Filters filters) {
        filters.register(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length != null && declaresTooMuch(length)) {
                answerTooLarge(context);
            } else {
                context.next();
            }
        }, AFTER_CORS);
    }

    void answerChunkedLargeBodies(@Observes Router router) {
        router.errorHandler(413, this::answerTooLarge);
    }

    private static boolean declaresTooMuch(String length) {
        try {
            return Long.parseLong(length.trim()) > DropBodyParser.MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void answerTooLarge(RoutingContext context) {
        if (context.response().headWritten()) {
            return;
        }
        DropuserException refusal = DropBodyParser.tooLarge();
        context.response()
                .setStatusCode(refusal.code().httpStatus())
                .putHeader("Content-Type", Responses.JSON)
                .putHeader("Connection", "close")
                .end(answers.refusedJson(Answers.HTTP, refusal));
    }
}
