package dev.findling.personalize.cleaning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.findling.models.mask.PixelBox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code manifest.json} and {@code manifest.csv}: one entry per input image, kept or not, in input order.
 * JSON: an array of objects {@code file, outputName, kept, reason, score, box {x0,y0,x1,y1} | null,
 * maskAreaRatio, instances, width, height, error, outputs}; CSV: the same fields with the box as four
 * columns, RFC 4180 quoting, UTF-8.
 */
public final class CleaningManifest {
    public static final String JSON_FILE = "manifest.json";
    public static final String CSV_FILE = "manifest.csv";
    static final String CSV_HEADER = "file,outputName,kept,reason,score,box_x0,box_y0,box_x1,box_y1,maskAreaRatio,instances,width,height,error";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CleaningManifest() {
    }

    public static void write(Path outputDir, List<CleaningRecord> records) throws IOException {
        Files.write(outputDir.resolve(JSON_FILE), toJson(records));
        Files.writeString(outputDir.resolve(CSV_FILE), toCsv(records), StandardCharsets.UTF_8);
    }

    /**
     * The records of the manifest a run wrote into {@code outputDir} — how a finished run's report comes back after a
     * restart. Scores and ratios come back as written (rounded to 6 decimals).
     *
     * @throws IOException when the manifest is missing or is not one this class wrote
     */
    public static List<CleaningRecord> read(Path outputDir) throws IOException {
        JsonNode array = JSON.readTree(outputDir.resolve(JSON_FILE).toFile());
        if (array == null || !array.isArray()) {
            throw new IOException(outputDir.resolve(JSON_FILE) + " is not a cleaning manifest");
        }
        List<CleaningRecord> out = new ArrayList<>(array.size());
        for (JsonNode n : array) {
            try {
                JsonNode box = n.path("box");
                out.add(new CleaningRecord(n.path("file").asText(), text(n.path("outputName")), n.path("kept").asBoolean(),
                        n.path("reason").isTextual() ? Optional.of(RejectionReason.ofCode(n.path("reason").asText()))
                                : Optional.empty(),
                        n.path("score").asDouble(),
                        box.isObject() ? Optional.of(new PixelBox(box.path("x0").asInt(), box.path("y0").asInt(),
                                box.path("x1").asInt(), box.path("y1").asInt())) : Optional.empty(),
                        n.path("maskAreaRatio").asDouble(), n.path("instances").asInt(), n.path("width").asInt(),
                        n.path("height").asInt(), text(n.path("error"))));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IOException(outputDir.resolve(JSON_FILE) + " has an entry this version cannot read: "
                        + e.getMessage(), e);
            }
        }
        return out;
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }

    public static byte[] toJson(List<CleaningRecord> records) {
        ArrayNode array = JSON.createArrayNode();
        for (CleaningRecord r : records) {
            ObjectNode n = array.addObject();
            n.put("file", r.file());
            n.put("outputName", r.outputName());
            n.put("kept", r.kept());
            n.put("reason", r.reasonCode());
            n.put("score", round(r.score()));
            if (r.box().isPresent()) {
                PixelBox b = r.box().get();
                ObjectNode box = n.putObject("box");
                box.put("x0", b.x0());
                box.put("y0", b.y0());
                box.put("x1", b.x1());
                box.put("y1", b.y1());
            } else {
                n.putNull("box");
            }
            n.put("maskAreaRatio", round(r.maskAreaRatio()));
            n.put("instances", r.instances());
            n.put("width", r.width());
            n.put("height", r.height());
            n.put("error", r.error());
            if (r.kept()) {
                ObjectNode out = n.putObject("outputs");
                for (OutputLayout.Kind kind : OutputLayout.Kind.values()) {
                    out.put(kind.key(), OutputLayout.relativePath(kind, r));
                }
            } else {
                n.putNull("outputs");
            }
        }
        try {
            return JSON.writeValueAsBytes(array);
        } catch (IOException e) {
            throw new IllegalStateException("manifest serialisation failed", e);
        }
    }

    public static String toCsv(List<CleaningRecord> records) {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append("\r\n");
        for (CleaningRecord r : records) {
            PixelBox b = r.box().orElse(null);
            sb.append(csv(r.file())).append(',')
                    .append(csv(r.outputName())).append(',')
                    .append(r.kept()).append(',')
                    .append(csv(r.reasonCode())).append(',')
                    .append(number(r.score())).append(',')
                    .append(b == null ? "" : b.x0()).append(',')
                    .append(b == null ? "" : b.y0()).append(',')
                    .append(b == null ? "" : b.x1()).append(',')
                    .append(b == null ? "" : b.y1()).append(',')
                    .append(number(r.maskAreaRatio())).append(',')
                    .append(r.instances()).append(',')
                    .append(r.width()).append(',')
                    .append(r.height()).append(',')
                    .append(csv(r.error())).append("\r\n");
        }
        return sb.toString();
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    /**
     * One text cell: quoted when it holds a separator, quote or line break (RFC 4180), and prefixed with {@code '}
     * when it starts like a spreadsheet formula ({@code = + - @}, tab, carriage return) — OWASP's CSV-injection
     * advice, since file names come from whoever made the training set and spreadsheet tools evaluate such cells.
     */
    static String csv(String s) {
        if (s == null) {
            return "";
        }
        if (!s.isEmpty() && FORMULA_STARTS.indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static final String FORMULA_STARTS = "=+-@\t\r";
}
