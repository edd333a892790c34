package io.crosscheck.work;

import io.crosscheck.agreement.core.ItemAgreement;
import io.crosscheck.agreement.core.Level;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A layer as every reader of submitted work sees it: its labels in scale order (a label's code is its index here).
 * One record for the agreement, review and reliability reads, read by {@link #read} alone. (The export's
 * {@code ExportPlan.LayerInfo} carries what its writers need besides: guidelines and label descriptions.)
 */
public record WorkLayer(long id, String name, String scope, String measurement, List<String> labels) {

    public boolean isSpan() {
        return "span".equals(scope);
    }

    /** The label's code (its rank in label order), or −1 for a label the layer does not have. */
    public int code(String label) {
        return labels.indexOf(label);
    }

    public Level level() {
        return Level.valueOf(measurement.toUpperCase(Locale.ROOT));
    }

    /** Numeric values of the labels for interval and ratio layers (null for nominal and ordinal). */
    public double[] values() {
        return ItemAgreement.categoryValues(level(), labels);
    }

    /** The project's layers in position order, with their labels (two small queries). */
    public static List<WorkLayer> read(Connection c, long projectId) throws SQLException {
        Map<Long, List<String>> labels = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select ll.layer_id, ll.value from layer_label ll "
                + "join layer l on l.id = ll.layer_id where l.project_id = ? order by ll.layer_id, ll.position, ll.id")) {
            ps.setLong(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    labels.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        List<WorkLayer> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select id, name, scope, measurement from layer where project_id = ? order by position, id")) {
            ps.setLong(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    out.add(new WorkLayer(id, rs.getString(2), rs.getString(3), rs.getString(4),
                            List.copyOf(labels.getOrDefault(id, List.of()))));
                }
            }
        }
        return out;
    }
}
