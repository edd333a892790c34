package io.crosscheck.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.ValueInstantiators;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Makes the one ObjectMapper (request bodies, NDJSON lines, seeds) read JSON as written, never as guessed: a key given
 * twice is malformed JSON, a value of the wrong JSON type is refused instead of coerced ({@code "0"} or {@code 1.5}
 * for an int, {@code false} or {@code 12} for a string, {@code "true"} or {@code 0} for a boolean), and every string
 * and object key is checked once for what PostgreSQL cannot store ({@link CodePoints#unstorable}). Non-numeric
 * literals ({@code NaN}, {@code Infinity}) stay malformed JSON, Jackson's default.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
        mapper.configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, true);
        refuse(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Float, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Integer, CoercionInputShape.Float);
        refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean);
        SimpleModule storedText = new SimpleModule("stored-text") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                // Types made from a bare JSON string (a label given as "pro") get the text without the String deserializer.
                context.addValueInstantiators(new ValueInstantiators.Base() {
                    @Override
                    public ValueInstantiator findValueInstantiator(DeserializationConfig config, BeanDescription bean,
                                                                   ValueInstantiator standard) {
                        return standard.canCreateFromString() ? new StoredTextInstantiator(standard) : standard;
                    }
                });
            }
        };
        mapper.registerModule(storedText
                .addDeserializer(String.class, new StoredTextDeserializer())
                .addKeyDeserializer(String.class, new StoredKeyDeserializer()));
    }

    private static void refuse(ObjectMapper mapper, LogicalType type, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /** A string value PostgreSQL cannot store; rendered as a 422 naming the field (JSON path) by {@link ProblemMapper}. */
    public static final class UnstorableTextException extends MismatchedInputException {
        private final String reason;

        UnstorableTextException(JsonParser parser, String reason) {
            super(parser, reason, String.class);
            this.reason = reason;
        }

        /** What is wrong with the text, e.g. "contains a NUL character (U+0000) at UTF-16 index 3". */
        public String reason() {
            return reason;
        }
    }

    private static String checked(JsonParser parser, String text) throws UnstorableTextException {
        String reason = text == null ? null : CodePoints.unstorable(text);
        if (reason != null) {
            throw new UnstorableTextException(parser, reason);
        }
        return text;
    }

    /** Jackson's own String deserializer (coercion rules included), then the storability check. */
    private static final class StoredTextDeserializer extends StdScalarDeserializer<String> {
        StoredTextDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return checked(parser, StringDeserializer.instance.deserialize(parser, context));
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        @Override
        public boolean isCachable() {
            return true;
        }
    }

    private static final class StoredTextInstantiator extends ValueInstantiator.Delegating {
        StoredTextInstantiator(ValueInstantiator standard) {
            super(standard);
        }

        @Override
        public ValueInstantiator createContextual(DeserializationContext context, BeanDescription bean) throws JsonMappingException {
            ValueInstantiator contextual = delegate().createContextual(context, bean);
            return contextual == delegate() ? this : new StoredTextInstantiator(contextual);
        }

        @Override
        public Object createFromString(DeserializationContext context, String value) throws IOException {
            return super.createFromString(context, checked(context.getParser(), value));
        }
    }

    private static final class StoredKeyDeserializer extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            return checked(context.getParser(), key);
        }
    }
}
