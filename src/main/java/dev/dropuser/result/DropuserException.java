package dev.dropuser.result;

import java.time.Duration;

/**
 * A refusal with a contract result code and a short human sentence that is safe to show the caller
 * (never a secret, a token or a stack trace).
 */
public class DropuserException extends RuntimeException {
    private static final Duration SOON = Duration.ofSeconds(1);
    private final ResultCode code;
    private final Duration retryAfter;

    public DropuserException(ResultCode code, String error) {
        this(code, error, (Throwable) null);
    }

    public DropuserException(ResultCode code, String error, Throwable cause) {
        super(error, cause, false, false);
        this.code = code;
        this.retryAfter = SOON;
    }

    private DropuserException(ResultCode code, String error, Duration retryAfter) {
        super(error, null, false, false);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public ResultCode code() {
        return code;
    }

    /** For a retryable result: when to come back. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public static DropuserException tooManyRequests(Duration retryAfter) {
        return new DropuserException(ResultCode.TOO_MANY_REQUESTS,
                "too many drop requests for this room or caller; retry later", retryAfter);
    }

    public static DropuserException invalidRequest(String error) {
        return new DropuserException(ResultCode.INVALID_REQUEST, error);
    }
}
