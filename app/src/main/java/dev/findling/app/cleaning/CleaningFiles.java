package dev.findling.app.cleaning;

import dev.findling.app.jobs.JobRegistry;
import dev.findling.jobs.JobState;
import dev.findling.app.jobs.JobStatus;
import dev.findling.app.system.NotFoundException;
import dev.findling.models.image.Cutouts;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.OverlayColors;
import dev.findling.models.image.RgbImage;
import dev.findling.models.image.Thumbnails;
import dev.findling.personalize.cleaning.CleaningRecord;
import dev.findling.personalize.cleaning.CleaningReport;
import dev.findling.personalize.cleaning.OutputLayout;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import java.nio.file.Path;

/** The files of finished cleaning runs, for the API's downloads and the page's thumbnails. */
@Component
class CleaningFiles {
    static final int THUMBNAIL_SIDE = 160;
    /** The overlay colour of kept subjects in thumbnails (the UI's accent amber). */

    private final CleaningService cleaning;
    private final JobRegistry jobs;

    CleaningFiles(CleaningService cleaning, JobRegistry jobs) {
        this.cleaning = cleaning;
        this.jobs = jobs;
    }

    /** A run whose job completed; 404 for unknown ids, 409 while it runs or when it failed or was cancelled. */
    CleaningRun completed(String jobId) {
        CleaningRun run = cleaning.run(jobId).orElseThrow(() -> new NotFoundException("cleaning run", jobId));
        JobStatus status = jobs.find(jobId).orElseThrow(() -> new NotFoundException("cleaning run", jobId));
        if (status.state() != JobState.COMPLETED || run.report().isEmpty()) {
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "The cleaning run is "
                    + status.state().code() + "; its files exist once it has completed.");
            p.setTitle("Cleaning run not completed");
            p.setProperty("state", status.state().code());
            throw new ErrorResponseException(HttpStatus.CONFLICT, p, null);
        }
        return run;
    }

    /** A JPEG thumbnail of input {@code index}; kept subjects are outlined with their mask. */
    byte[] thumbnail(String jobId, int index) {
        CleaningRun run = completed(jobId);
        CleaningReport report = run.report().orElseThrow();
        if (index < 0 || index >= report.records().size()) {
            throw new NotFoundException("image in cleaning run " + jobId + " at index", Integer.toString(index));
        }
        CleaningRecord r = report.records().get(index);
        if (r.outputName() == null) {
            throw new NotFoundException("readable image in cleaning run " + jobId + " at index", Integer.toString(index));
        }
        Path file = inside(run.inputDir(), r.file());
        RgbImage image = ImageDecoder.read(file, ImageLimits.DEFAULT);
        if (r.kept()) {
            Path mask = inside(run.outputDir(), OutputLayout.relativePath(OutputLayout.Kind.MASK, r));
            image = Cutouts.overlay(image, MaskImages.read(mask, ImageLimits.DEFAULT), OverlayColors.CLEANING);
        }
        return Thumbnails.jpeg(Thumbnails.fit(image, THUMBNAIL_SIDE), 0.85f);
    }

    private static Path inside(Path root, String relative) {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root.normalize())) {
            throw new IllegalStateException("manifest path leaves its folder: " + relative);
        }
        return p;
    }
}
