package dev.dropuser.api;

import jakarta.ws.rs.WebApplicationException;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Whatever escapes a resource still answers with the contract's JSON, never a stack trace. */
public class UnexpectedFailures {

    @ServerExceptionMapper
    public RestResponse<Object> anything(Throwable failure) {
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            return Responses.framework(web.getResponse().getStatus(), Responses.newRequestId());
        }
        return Responses.error(failure, Responses.newRequestId());
    }
}
