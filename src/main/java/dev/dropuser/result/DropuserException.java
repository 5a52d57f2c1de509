package dev.dropuser.result;

/**
 * A refusal with a contract result code and a short human sentence that is safe to show the caller
 * (never a secret, a token or a stack trace).
 */
public class DropuserException extends RuntimeException {
    private final ResultCode code;

    public DropuserException(ResultCode code, String error) {
        super(error, null, false, false);
        this.code = code;
    }

    public DropuserException(ResultCode code, String error, Throwable cause) {
        super(error, cause, false, false);
        this.code = code;
    }

    public ResultCode code() {
        return code;
    }

    public static DropuserException invalidRequest(String error) {
        return new DropuserException(ResultCode.INVALID_REQUEST, error);
    }
}
