package io.crosscheck.database;

import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a report endpoint (agreement, review queue and item report, annotators, source report, story, export, W3C):
 * for the rest of its request, {@link ReadDatabase} reads from the read database ({@code DB_READ_URL}, a streaming
 * replica) when one is configured. Only for requests that read and never need their own just-committed writes: what
 * they show may lag the primary by the replica's apply delay (docs/database.md).
 */
@InterceptorBinding
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ReportRead {
}
