package io.crosscheck.export;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A download whose client went away mid-stream: the stream has already logged it at WARN and nobody is left to
 * answer, so this keeps it from the global mapper's ERROR with a stack trace. The status only reaches access logs.
 */
public class ClientGoneMapper {

    @ServerExceptionMapper
    public Response clientGone(ExportService.ClientGone e) {
        return Response.status(499).build();
    }
}
