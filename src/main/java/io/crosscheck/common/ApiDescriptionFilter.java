package io.crosscheck.common;

import io.crosscheck.annotations.imports.ImportFormat;
import io.crosscheck.annotations.imports.OffsetUnit;
import io.crosscheck.export.ExportFormat;
import io.crosscheck.export.ExportPlan;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Makes {@code /q/openapi} say what the server really does, by rules that follow from how the API is built (so a new
 * endpoint is described correctly without extra annotations):
 * <ul>
 *   <li>operationIds from the resource and method ({@code SourceResource.create} → {@code sourceCreate});</li>
 *   <li>the error statuses every operation can answer, each as {@code application/problem+json} with the
 *       {@code Problem} schema and an example: 400 (a body or a parameter that cannot be read), 401/403 (roles),
 *       404 (an id in the path), 412/428 ({@code If-Match}, then required), 413/415/422 (a request body), 503 with
 *       {@code Retry-After} (database unreachable, see {@link DatabaseOutage}). Statuses that depend on the
 *       operation's rules (409, 422 without a body, 429) are declared on the resource method with
 *       {@code @APIResponse} and get their problem content here;</li>
 *   <li>the bearer scheme describes the opaque tokens (no {@code bearerFormat});</li>
 *   <li>Bean Validation patterns match whole values, JSON Schema patterns search: each pattern is anchored;</li>
 *   <li>numeric query parameters taken as strings (so a malformed value is a 400 problem, not JAX-RS's 404) are
 *       described by the type they must have, and enumerated parameters list their values from the enums the
 *       server parses them with.</li>
 * </ul>
 */
public class ApiDescriptionFilter implements OASFilter {

    static final String PROBLEM = "Problem";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

    /** The pattern the generator writes for {@code @NotBlank}; a real one-character {@code @Pattern} is written anchored. */
    private static final String NOT_BLANK = "\\S";

    /** Query parameters whose Java type is String for error handling's sake: the type a client must send. */
    private static final Map<String, Function<Schema, Schema>> TYPED_QUERY = Map.of(
            "replicates", s -> s.addType(SchemaType.INTEGER).format("int32").minimum(java.math.BigDecimal.ONE),
            "seed", s -> s.addType(SchemaType.INTEGER).format("int64"),
            "maxAgreement", s -> s.addType(SchemaType.NUMBER).format("double"),
            "ci", s -> s.addType(SchemaType.NUMBER).format("double")
                    .exclusiveMinimum(java.math.BigDecimal.ZERO).exclusiveMaximum(java.math.BigDecimal.ONE),
            "comments", s -> s.addType(SchemaType.BOOLEAN));

    /**
     * One valid body per request schema, for readers and generated clients. OpenApiContractTest sends each of them, so
     * an example that stops being accepted shows up there.
     */
    static final Map<String, Map<String, Object>> REQUEST_EXAMPLES = Map.of(
            "CreateSourceRequest", Map.of("name", "Daily Planet", "domain", "dailyplanet.example", "kind", "outlet"),
            "ArticleRequest", Map.of("sourceName", "Daily Planet", "title", "Storm reaches the coast",
                    "text", "The storm reached the coast on Monday, officials said.",
                    "url", "https://dailyplanet.example/storm", "publishedAt", "2025-08-28T09:00:00Z",
                    "storyKey", "storm-2025"),
            "CreateUserRequest", Map.of("username", "ada", "role", "annotator"),
            "ProjectRequest", Map.of("name", "Storm coverage", "annotatorsPerItem", 2, "taxonomy", "default",
                    "access", "members"),
            "AnnotationRequest", Map.of("layer", "stance", "label", "pro"),
            "AddItemsRequest", Map.of("storyKey", "storm-2025"),
            "AddMembersRequest", Map.of("usernames", List.of("ada")),
            "AdjudicationRequest", Map.of("from", "majority", "note", "The annotators agree"),
            "ExportJobRequest", Map.of("format", "jsonl", "include", "all"));

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "The body or a parameter cannot be read or is not valid"),
            Map.entry(401, "No bearer token, or not a valid one"),
            Map.entry(403, "Your role may not do this"),
            Map.entry(404, "No such resource (or not one you may see)"),
            Map.entry(409, "Conflicts with the current state (a duplicate, or work that may no longer change)"),
            Map.entry(412, "If-Match names a version that is no longer current"),
            Map.entry(413, "The request body is larger than the limit for this endpoint"),
            Map.entry(415, "The request body has a media type this endpoint does not take"),
            Map.entry(422, "Well-formed, but breaks a rule of the data model"),
            Map.entry(428, "If-Match is required to change this resource"),
            Map.entry(429, "Too many of these requests at once; retry after the time given"),
            Map.entry(503, "The database cannot be reached at the moment; retry after the time given"));

    @Override
    public void filterOpenAPI(OpenAPI api) {
        // Relative: the API is served from wherever this document is.
        api.setServers(new ArrayList<>(List.of(OASFactory.createServer().url("/").description("This Crosscheck instance"))));
        if (api.getComponents() == null) {
            api.setComponents(OASFactory.createComponents());
        }
        api.getComponents().addSchema("FieldError", OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("One invalid field of a request")
                .addProperty("field", OASFactory.createSchema().addType(SchemaType.STRING).description("JSON path of the field"))
                .addProperty("message", OASFactory.createSchema().addType(SchemaType.STRING))
                .required(List.of("field", "message")));
        api.getComponents().addSchema(PROBLEM, OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("RFC 9457 problem details, the one error shape of the API")
                .addProperty("type", OASFactory.createSchema().addType(SchemaType.STRING).format("uri"))
                .addProperty("title", OASFactory.createSchema().addType(SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32"))
                .addProperty("detail", OASFactory.createSchema().addType(SchemaType.STRING))
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY)
                        .items(OASFactory.createSchema().ref("#/components/schemas/FieldError")))
                .required(List.of("type", "title", "status")));
        // The body of an annotation import in another tool's format, sent as the file is (docs/import.md).
        api.getComponents().addSchema("ImportFile", OASFactory.createSchema().addType(SchemaType.STRING).format("binary")
                .description("The file exported by the tool named in ?format= (Label Studio or W3C JSON, doccano JSONL "
                        + "or zip, WebAnno TSV or INCEpTION zip, CoNLL text or zip), sent as it is"));
        if (api.getComponents().getSecuritySchemes() != null) {
            for (SecurityScheme scheme : api.getComponents().getSecuritySchemes().values()) {
                scheme.setBearerFormat(null);
                scheme.setDescription("An opaque 256-bit token (not a JWT) issued by POST /api/v1/users or "
                        + "/api/v1/users/{id}/token, sent as 'Authorization: Bearer <token>'");
            }
        }
        if (api.getComponents().getSchemas() != null) {
            api.getComponents().getSchemas().values().forEach(ApiDescriptionFilter::anchorPatterns);
            describeExportJob(api.getComponents().getSchemas().get("ExportJobRequest"));
            REQUEST_EXAMPLES.forEach((name, example) -> {
                Schema schema = api.getComponents().getSchemas().get(name);
                if (schema != null) {
                    schema.setExamples(new ArrayList<>(List.of(new TreeMap<>(example))));
                }
            });
        }
        if (api.getPaths() == null) {
            return;
        }
        // An import job ("…/imports") takes the very body of its synchronous import ("…/import"): described once.
        api.getPaths().getPathItems().forEach((path, item) -> {
            PathItem sync = api.getPaths().getPathItem(path.replaceFirst("/imports$", "/import"));
            if (path.endsWith("/imports") && sync != null && sync.getPOST() != null && item.getPOST() != null
                    && sync.getPOST().getRequestBody() != null) {
                item.getPOST().setRequestBody(sync.getPOST().getRequestBody());
            }
        });
        api.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                .forEach((method, operation) -> describe(path, method, operation)));
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        operation.setOperationId(operationId(operation.getOperationId()));
        APIResponses responses = operation.getResponses();
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean readsSomething = operation.getRequestBody() != null || !parameters.isEmpty();
        for (Parameter parameter : parameters) {
            if (parameter.getSchema() != null) {
                anchorPatterns(parameter.getSchema());
            }
            if (parameter.getIn() == Parameter.In.HEADER && "If-Match".equalsIgnoreCase(parameter.getName())) {
                parameter.setRequired(true);
                parameter.setDescription("The version last read (the ETag), bare or quoted, e.g. 3 or \"3\"");
                parameter.setSchema(OASFactory.createSchema().addType(SchemaType.STRING).pattern("^(W/)?\"?[0-9]{1,9}\"?$"));
                ensure(responses, 412);
                ensure(responses, 428);
            }
            if (parameter.getIn() == Parameter.In.PATH) {
                ensure(responses, 404);
            }
            if (parameter.getIn() == Parameter.In.QUERY) {
                typeQueryParameter(path, parameter);
            }
        }
        if (readsSomething) {
            ensure(responses, 400);
        }
        if (operation.getRequestBody() != null) {
            ensure(responses, 413);
            ensure(responses, 415);
            ensure(responses, 422);
        }
        if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
            ensure(responses, 401);
            ensure(responses, 403);
        }
        ensure(responses, 503);
        if (path.endsWith("/export") && method == PathItem.HttpMethod.GET) {
            describeExportFile(responses);
        }
        responses.getAPIResponses().forEach((code, response) -> {
            if (method == PathItem.HttpMethod.OPTIONS && code.startsWith("2")) {
                response.setContent(null); // OPTIONS answers headers only
            }
            if (code.startsWith("4") || code.startsWith("5")) {
                problemContent(Integer.parseInt(code), response);
            }
        });
    }

    /** {@code SourceResource_create} (the CLASS_METHOD strategy) → {@code sourceCreate}. */
    static String operationId(String generated) {
        if (generated == null || !generated.contains("_")) {
            return generated;
        }
        String resource = generated.substring(0, generated.indexOf('_')).replaceFirst("Resource$", "");
        String method = generated.substring(generated.indexOf('_') + 1);
        return Character.toLowerCase(resource.charAt(0)) + resource.substring(1)
                + Character.toUpperCase(method.charAt(0)) + method.substring(1);
    }

    private static void ensure(APIResponses responses, int status) {
        if (!responses.hasAPIResponse(String.valueOf(status))) {
            responses.addAPIResponse(String.valueOf(status), OASFactory.createAPIResponse());
        }
    }

    private static void problemContent(int status, APIResponse response) {
        if (response.getDescription() == null || response.getDescription().isBlank()
                || response.getDescription().startsWith("Not ")) {
            response.setDescription(REASONS.getOrDefault(status, "Error"));
        }
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", ProblemMapper.typeFor(status));
        example.put("title", jakarta.ws.rs.core.Response.Status.fromStatusCode(status) == null ? "Error"
                : jakarta.ws.rs.core.Response.Status.fromStatusCode(status).getReasonPhrase());
        example.put("status", status);
        example.put("detail", REASONS.getOrDefault(status, "Error"));
        if (status == 400) {
            example.put("errors", List.of(Map.of("field", "name", "message", "must not be blank")));
        }
        response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(PROBLEM_REF)).example(example)));
        if (status == 503 || status == 429) {
            response.addHeader("Retry-After", OASFactory.createHeader()
                    .description("Seconds to wait before retrying")
                    .schema(OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32")));
        }
        if (status == 401) {
            response.addHeader("WWW-Authenticate", OASFactory.createHeader()
                    .schema(OASFactory.createSchema().addType(SchemaType.STRING).addEnumeration("Bearer")));
        }
    }

    private static void typeQueryParameter(String path, Parameter parameter) {
        String name = parameter.getName();
        Schema schema = parameter.getSchema();
        boolean isString = schema != null && schema.getType() != null && schema.getType().contains(SchemaType.STRING);
        if (isString && name.endsWith("Id")) {
            parameter.setSchema(OASFactory.createSchema().addType(SchemaType.INTEGER).format("int64")
                    .minimum(java.math.BigDecimal.ONE));
        } else if (isString && TYPED_QUERY.containsKey(name)) {
            parameter.setSchema(TYPED_QUERY.get(name).apply(OASFactory.createSchema()));
        }
        if (path.contains("/export")) {
            switch (name) {
                case "format" -> enumerate(parameter, Arrays.stream(ExportFormat.values()).map(f -> f.param).toList(), "jsonl");
                case "include" -> enumerate(parameter, lowerNames(ExportPlan.Include.values()), "all");
                case "status" -> enumerate(parameter, lowerNames(ExportPlan.ItemStatus.values()), "any");
                default -> { }
            }
        } else if (path.endsWith("/annotations/import") || path.endsWith("/annotations/imports")) {
            switch (name) {
                case "format" -> enumerate(parameter, Arrays.stream(ImportFormat.values()).map(f -> f.parameter).toList(), null);
                case "offsets" -> enumerate(parameter, lowerNames(OffsetUnit.values()), null);
                default -> { }
            }
        }
    }

    private static List<String> lowerNames(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
    }

    private static void enumerate(Parameter parameter, List<String> values, String defaultValue) {
        parameter.setSchema(enumSchema(values, defaultValue));
    }

    private static Schema enumSchema(List<String> values, String defaultValue) {
        Schema schema = OASFactory.createSchema().addType(SchemaType.STRING).enumeration(new ArrayList<>(values));
        if (defaultValue != null) {
            schema.setDefaultValue(defaultValue);
        }
        return schema;
    }

    /** The body of an export job holds the export's query parameters: the same enums. */
    private static void describeExportJob(Schema body) {
        if (body == null || body.getProperties() == null) {
            return;
        }
        body.addProperty("format", enumSchema(Arrays.stream(ExportFormat.values()).map(f -> f.param).toList(), "jsonl"));
        body.addProperty("include", enumSchema(lowerNames(ExportPlan.Include.values()), "all"));
        body.addProperty("status", enumSchema(lowerNames(ExportPlan.ItemStatus.values()), "any"));
    }

    /** The file itself, in the media type of the chosen format (the server sets it from the same enum). */
    private static void describeExportFile(APIResponses responses) {
        Content content = OASFactory.createContent();
        Map<String, String> descriptions = new TreeMap<>(Map.of(
                "jsonl", "format=jsonl: one JSON object per article and line",
                "csv", "format=csv: one row per annotation, with a header row",
                "webanno", "format=webanno: a W3C Web Annotation collection (JSON-LD)",
                "conll", "format=conll: CoNLL-style token lines, blank line between sentences"));
        for (ExportFormat format : ExportFormat.values()) {
            String mediaType = format.mediaType.substring(0, format.mediaType.indexOf(';')).trim();
            MediaType type = OASFactory.createMediaType().schema(OASFactory.createSchema().addType(SchemaType.STRING)
                    .description(descriptions.getOrDefault(format.param, format.param)));
            content.addMediaType(mediaType, type);
        }
        content.addMediaType("application/zip", OASFactory.createMediaType().schema(OASFactory.createSchema()
                .addType(SchemaType.STRING).format("binary")
                .description("format=conll without annotator and with include=raw or all: one file per annotator "
                        + "(and gold.conll with include=all) in a zip")));
        APIResponse ok = OASFactory.createAPIResponse()
                .description("The export file, streamed; its media type follows the format parameter")
                .content(content)
                .addHeader("Content-Disposition", OASFactory.createHeader().description("attachment; filename=\"<project>-<include>.<ext>\"")
                        .schema(OASFactory.createSchema().addType(SchemaType.STRING)));
        responses.addAPIResponse("200", ok);
    }

    /** Bean Validation's {@code @Pattern} must match the whole value; JSON Schema's searches: anchor each one. */
    private static void anchorPatterns(Schema schema) {
        anchorPatterns(schema, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    private static void anchorPatterns(Schema schema, Set<Schema> seen) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        String pattern = schema.getPattern();
        if (NOT_BLANK.equals(pattern)) {
            // What the generator writes for @NotBlank: "has a non-space character somewhere" (a search, by design).
            schema.setPattern("^\\s*\\S[\\s\\S]*$");
        } else if (pattern != null && !(pattern.startsWith("^") && pattern.endsWith("$"))) {
            schema.setPattern("^(?:" + pattern + ")$");
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(s -> anchorPatterns(s, seen));
        }
        anchorPatterns(schema.getItems(), seen);
        for (List<Schema> group : java.util.Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
            if (group != null) {
                group.forEach(s -> anchorPatterns(s, seen));
            }
        }
    }
}
