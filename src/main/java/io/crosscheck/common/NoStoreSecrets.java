package io.crosscheck.common;

import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * {@code Cache-Control: no-store} on every response whose body {@link CarriesSecret} (user creation, token rotation).
 * {@code X-Content-Type-Options: nosniff} is on every response of any kind, set by configuration
 * ({@code quarkus.http.header."X-Content-Type-Options"} in application.properties), not here.
 */
public class NoStoreSecrets {

    @ServerResponseFilter
    public void noStore(ContainerResponseContext response) {
        if (response.getEntity() instanceof CarriesSecret) {
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
            response.getHeaders().putSingle("Pragma", "no-cache");
        }
    }
}
