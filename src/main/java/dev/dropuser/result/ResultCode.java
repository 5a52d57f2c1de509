package dev.dropuser.result;

import java.util.HashMap;
import java.util.Map;

/**
 * The closed vocabulary of API results (CONTRACT §3): a stable number that is never reused,
 * its HTTP status and its {@code msg}. This enum is the only place a result meets HTTP.
 */
public enum ResultCode {
    SUCCESS(0, 200, "Success"),
    INVALID_TOKEN(1001, 401, "Invalid Token"),
    INVALID_REQUEST(1002, 400, "Invalid Request"),
    INVALID_SIGNATURE(1003, 401, "Invalid Signature"),
    IDEMPOTENCY_CONFLICT(1004, 409, "Idempotency Conflict"),
    PAYLOAD_TOO_LARGE(1005, 413, "Payload Too Large"),
    TOO_MANY_REQUESTS(1029, 429, "Too Many Requests"),
    UNAUTHORIZED_ACCESS(5116, 403, "Unauthorized Access"),
    REGISTRY_UNAVAILABLE(2001, 503, "Registry Unavailable"),
    INTERNAL_ERROR(2500, 500, "Internal Error");

    private final int number;
    private final int httpStatus;
    private final String msg;

    ResultCode(int number, int httpStatus, String msg) {
        this.number = number;
        this.httpStatus = httpStatus;
        this.msg = msg;
    }

    static {
        Map<Integer, ResultCode> seen = new HashMap<>();
        for (ResultCode code : values()) {
            ResultCode clash = seen.put(code.number, code);
            if (clash != null) {
                throw new ExceptionInInitializerError(code + " reuses result number " + code.number + " of " + clash);
            }
        }
    }

    public int number() {
        return number;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String msg() {
        return msg;
    }

    /** Whether the caller should come back later: the response then carries {@code Retry-After}. */
    public boolean isRetryable() {
        return this == TOO_MANY_REQUESTS || this == REGISTRY_UNAVAILABLE;
    }
}
