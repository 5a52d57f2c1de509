package dev.dropuser.api;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Whatever escapes a resource still answers with the contract's JSON, never a stack trace. */
public class UnexpectedFailures {
    private final Answers answers;

    UnexpectedFailures(Answers answers) {
        this.answers = answers;
    }

    @ServerExceptionMapper
    public RestResponse<Object> anything(Throwable failure) {
        return answers.unexpected(failure);
    }
}
