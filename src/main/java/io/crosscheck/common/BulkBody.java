package io.crosscheck.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that takes a bulk body (an import): {@link RequestSizeFilter} bounds its body by
 * {@code crosscheck.limits.bulk-body}. Every other endpoint gets {@code crosscheck.limits.json-body}, whatever the
 * Content-Type says.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BulkBody {
}
