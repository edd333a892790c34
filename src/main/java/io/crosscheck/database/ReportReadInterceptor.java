package io.crosscheck.database;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Flags the request of a {@link ReportRead} endpoint. The flag lives as long as the request, not the method: an
 * export's body is written after the endpoint has returned, and still reads the replica.
 */
@ReportRead
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class ReportReadInterceptor {

    @Inject
    ReadDatabase reads;

    @AroundInvoke
    Object markReport(InvocationContext context) throws Exception {
        reads.startReport();
        return context.proceed();
    }
}
