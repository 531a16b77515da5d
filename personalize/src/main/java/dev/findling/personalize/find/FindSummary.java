package dev.findling.personalize.find;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.findling.models.mask.PixelBox;
import dev.findling.personalize.Concept;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.PerSamResult;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code summary.json} of a {@link ConceptFind} run: the reference, pack and options, then every image — file,
 * found, score, box, instances, timings and the files written, or the error — then the counts.
 */
final class FindSummary {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    record Run(ConceptFind.Reference reference, PerSam perSam, Concept concept, String packLabel) {
    }

    private FindSummary() {
    }

    static void write(Path file, Run run, Map<String, Object> extra, List<FoundImage> images, int found, int notFound,
                      int failed) throws IOException {
        ObjectNode summary = JSON.createObjectNode();
        summary.put("reference", run.reference().image().toString());
        summary.put("mask", run.reference().mask().toString());
        summary.put("packId", run.perSam().packId());
        summary.put("packLabel", run.packLabel());
        summary.put("fineTuned", run.concept().fineTuneWeights().isPresent());
        summary.put("presenceThreshold", run.perSam().options().presenceThreshold());
        summary.put("maxInstances", run.perSam().options().maxInstances());
        extra.forEach((k, v) -> summary.set(k, JSON.valueToTree(v)));
        ArrayNode entries = summary.putArray("images");
        for (FoundImage image : images) {
            entry(entries.addObject(), image);
        }
        summary.put("found", found);
        summary.put("notFound", notFound);
        summary.put("failed", failed);
        JSON.writeValue(file.toFile(), summary);
    }

    private static void entry(ObjectNode entry, FoundImage image) {
        entry.put("file", image.file());
        if (image.imageId() != null) {
            entry.put("imageId", image.imageId());
        }
        if (image.failed()) {
            entry.put("found", false);
            entry.put("error", image.error());
            return;
        }
        PerSamResult r = image.result();
        entry.put("width", image.width());
        entry.put("height", image.height());
        entry.put("found", r.found());
        entry.put("score", r.score());
        putBox(entry, r.box().orElse(null));
        ArrayNode instances = entry.putArray("instances");
        for (PerSamResult.Instance i : r.instances()) {
            ObjectNode in = instances.addObject();
            in.put("score", i.score());
            putBox(in, i.box());
            in.put("iouEstimate", i.iouEstimate());
            in.put("peakConfidence", i.peakConfidence());
        }
        entry.put("guidanceApplied", r.guidanceApplied());
        entry.put("fineTuned", r.fineTuned());
        ObjectNode timings = entry.putObject("timings");
        timings.put("decodeMillis", image.timings().decodeMillis());
        timings.put("encodeMillis", image.timings().encodeMillis());
        timings.put("segmentMillis", image.timings().segmentMillis());
        timings.put("totalMillis", image.timings().totalMillis());
        ObjectNode outputs = entry.putObject("outputs");
        image.files().ifPresent(f -> {
            outputs.put("mask", f.mask());
            outputs.put("cutout", f.cutout());
            outputs.put("rle", f.rle());
        });
    }

    private static void putBox(ObjectNode node, PixelBox b) {
        if (b == null) {
            node.putNull("box");
            return;
        }
        ObjectNode box = node.putObject("box");
        box.put("x0", b.x0());
        box.put("y0", b.y0());
        box.put("x1", b.x1());
        box.put("y1", b.y1());
    }
}
