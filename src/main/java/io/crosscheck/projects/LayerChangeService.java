package io.crosscheck.projects;

import io.crosscheck.audit.Audit;
import io.crosscheck.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Replaces a project's layer list without ever corrupting stored work. Layers are matched by name. Adding layers,
 * labels and attributes, reordering layers, changing guidelines, label descriptions and keys, and removing or changing
 * anything nobody has used are allowed and bump {@code schema_version}; anything that would change the meaning of
 * stored annotations or gold is refused with a 409 that lists every blocker: removing a used layer, label or
 * attribute, changing the scope or measurement of a used layer, changing the type of a used attribute, or reordering
 * the used labels of an ordinal layer.
 */
@ApplicationScoped
public class LayerChangeService {

    @Inject
    EntityManager em;

    @Inject
    Audit audit;

    /** How often each label and attribute of each layer is used by annotations and gold (all gold versions). */
    record Usage(Map<Long, Map<String, Long>> labels, Map<Long, Map<String, Long>> attributes) {
        long layer(long layerId) {
            return labels.getOrDefault(layerId, Map.of()).values().stream().mapToLong(Long::longValue).sum();
        }

        long label(long layerId, String label) {
            return labels.getOrDefault(layerId, Map.of()).getOrDefault(label, 0L);
        }

        long attribute(long layerId, String name) {
            return attributes.getOrDefault(layerId, Map.of()).getOrDefault(name, 0L);
        }
    }

    @Transactional
    public Project replaceLayers(long projectId, List<LayerSpec> specs, long actorId) {
        Project project = em.find(Project.class, projectId, LockModeType.PESSIMISTIC_WRITE);
        if (project == null) {
            throw ProblemException.notFound("Project", projectId);
        }
        ProjectService.validateLayers(specs);
        // FOR UPDATE conflicts with the key-share locks annotation writes and imports take on the layers: we wait for
        // writes in flight (and then see their rows), and new writes wait for us.
        em.createNativeQuery("select id from layer where project_id = ?1 order by id for update").setParameter(1, projectId)
                .getResultList();
        Usage usage = usage(projectId);
        List<String> blockers = blockers(project, specs, usage);
        if (!blockers.isEmpty()) {
            throw ProblemException.conflict("The layer change would alter stored annotations or gold: "
                    + String.join("; ", blockers)).with("blockers", blockers);
        }
        if (normalise(project.layers.stream().map(LayerSpec::from).toList()).equals(normalise(specs))) {
            return project;
        }
        apply(project, specs);
        project.schemaVersion++;
        em.flush();
        audit.record(actorId, "update-layers", "project", projectId, projectId, Map.of("schemaVersion", project.schemaVersion,
                "layers", specs.stream().map(LayerSpec::name).toList()));
        return project;
    }

    static List<String> blockers(Project project, List<LayerSpec> specs, Usage usage) {
        Map<String, LayerSpec> wanted = new HashMap<>();
        specs.forEach(s -> wanted.put(s.name(), s));
        List<String> blockers = new ArrayList<>();
        for (Layer layer : project.layers) {
            long used = usage.layer(layer.id);
            LayerSpec spec = wanted.get(layer.name);
            if (spec == null) {
                if (used > 0) {
                    blockers.add("layer '" + layer.name + "' is removed but has " + used + " annotations or gold labels");
                }
                continue;
            }
            if (used > 0 && !layer.scope.equals(spec.scope())) {
                blockers.add("layer '" + layer.name + "' changes scope from " + layer.scope + " to " + spec.scope()
                        + " but has " + used + " annotations or gold labels");
            }
            if (used > 0 && !layer.measurement.equals(spec.measurement())) {
                blockers.add("layer '" + layer.name + "' changes measurement from " + layer.measurement + " to "
                        + spec.measurement() + " but has " + used + " annotations or gold labels");
            }
            for (String label : layer.labelValues()) {
                long n = usage.label(layer.id, label);
                if (n > 0 && !spec.labelValues().contains(label)) {
                    blockers.add("label '" + label + "' of layer '" + layer.name + "' is removed but used " + n + " times");
                }
            }
            if (used > 0 && layer.measurement.equals("ordinal")) {
                // On an ordinal layer the label order is the scale: kept labels must keep their relative order (new
                // labels may be inserted anywhere).
                List<String> before = layer.labelValues().stream().filter(spec.labelValues()::contains).toList();
                List<String> after = spec.labelValues().stream().filter(before::contains).toList();
                if (!after.equals(before)) {
                    blockers.add("labels of ordinal layer '" + layer.name + "' are reordered (" + before + " → "
                            + after + ") but the layer has " + used + " annotations or gold labels");
                }
            }
            Map<String, String> newTypes = new HashMap<>();
            spec.attributes().forEach(a -> newTypes.put(a.name(), a.type()));
            for (LayerAttribute attribute : layer.attributes) {
                long n = usage.attribute(layer.id, attribute.name);
                if (n == 0) {
                    continue;
                }
                String type = newTypes.get(attribute.name);
                if (type == null) {
                    blockers.add("attribute '" + attribute.name + "' of layer '" + layer.name + "' is removed but used "
                            + n + " times");
                } else if (!type.equals(attribute.type)) {
                    blockers.add("attribute '" + attribute.name + "' of layer '" + layer.name + "' changes type from "
                            + attribute.type + " to " + type + " but is used " + n + " times");
                }
            }
        }
        return blockers;
    }

    private static void apply(Project project, List<LayerSpec> specs) {
        Map<String, Layer> existing = new LinkedHashMap<>();
        project.layers.forEach(l -> existing.put(l.name, l));
        Set<String> wanted = new HashSet<>(specs.stream().map(LayerSpec::name).toList());
        project.layers.removeIf(l -> !wanted.contains(l.name));
        for (int position = 0; position < specs.size(); position++) {
            LayerSpec spec = specs.get(position);
            Layer layer = existing.get(spec.name());
            if (layer == null) {
                project.layers.add(ProjectService.newLayer(project, spec, position));
                continue;
            }
            layer.position = position;
            layer.scope = spec.scope();
            layer.measurement = spec.measurement();
            layer.guidelines = spec.guidelines();
            applyLabels(layer, spec.labels());
            applyAttributes(layer, spec.attributes());
        }
        project.layers.sort(Comparator.comparingInt(l -> l.position));
    }

    private static void applyLabels(Layer layer, List<LabelSpec> specs) {
        Map<String, LayerLabel> existing = new HashMap<>();
        layer.labels.forEach(l -> existing.put(l.value, l));
        Set<String> values = new HashSet<>(specs.stream().map(LabelSpec::value).toList());
        layer.labels.removeIf(l -> !values.contains(l.value));
        for (int position = 0; position < specs.size(); position++) {
            LabelSpec spec = specs.get(position);
            LayerLabel label = existing.get(spec.value());
            if (label == null) {
                label = new LayerLabel();
                label.layer = layer;
                label.value = spec.value();
                layer.labels.add(label);
            }
            label.position = position;
            label.description = spec.description();
            label.key = spec.key();
        }
        layer.labels.sort(Comparator.comparingInt(l -> l.position));
    }

    private static void applyAttributes(Layer layer, List<LayerSpec.AttributeSpec> specs) {
        Map<String, String> types = new HashMap<>();
        specs.forEach(a -> types.put(a.name(), a.type()));
        layer.attributes.removeIf(a -> !types.containsKey(a.name));
        Set<String> present = new HashSet<>();
        for (LayerAttribute attribute : layer.attributes) {
            attribute.type = types.get(attribute.name);
            present.add(attribute.name);
        }
        for (LayerSpec.AttributeSpec spec : specs) {
            if (!present.contains(spec.name())) {
                LayerAttribute attribute = new LayerAttribute();
                attribute.layer = layer;
                attribute.name = spec.name();
                attribute.type = spec.type();
                layer.attributes.add(attribute);
            }
        }
        layer.attributes.sort(Comparator.comparing(a -> a.name));
    }

    /** Attribute order carries no meaning; everything else (layer order, label order) does. */
    private static List<LayerSpec> normalise(List<LayerSpec> specs) {
        return specs.stream().map(s -> new LayerSpec(s.name(), s.scope(), s.measurement(), s.labels(),
                s.attributes().stream().sorted(Comparator.comparing(LayerSpec.AttributeSpec::name)).toList(),
                s.guidelines())).toList();
    }

    private Usage usage(long projectId) {
        Map<Long, Map<String, Long>> labels = new HashMap<>();
        Map<Long, Map<String, Long>> attributes = new HashMap<>();
        collect(labels, "select layer_id, label, count(*) from annotation where project_id = ?1 group by 1, 2 "
                + "union all select g.layer_id, g.label, count(*) from gold_annotation g "
                + "join adjudication d on d.id = g.adjudication_id where d.project_id = ?1 group by 1, 2", projectId);
        collect(attributes, "select layer_id, k, count(*) from annotation, jsonb_object_keys(attributes) k "
                + "where project_id = ?1 group by 1, 2 "
                + "union all select g.layer_id, k, count(*) from gold_annotation g join adjudication d on d.id = g.adjudication_id, "
                + "jsonb_object_keys(g.attributes) k where d.project_id = ?1 group by 1, 2", projectId);
        return new Usage(labels, attributes);
    }

    private void collect(Map<Long, Map<String, Long>> into, String sql, long projectId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(sql, Object[].class).setParameter(1, projectId).getResultList();
        for (Object[] r : rows) {
            into.computeIfAbsent(((Number) r[0]).longValue(), k -> new HashMap<>())
                    .merge(Objects.toString(r[1]), ((Number) r[2]).longValue(), Long::sum);
        }
    }
}
