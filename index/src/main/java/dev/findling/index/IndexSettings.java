package dev.findling.index;

import dev.findling.models.image.ImageLimits;

import java.time.Duration;

/**
 * Configuration of one photo library. Everything that trades speed, size or recall lives here so a
 * deployment can tune it without code changes.
 *
 * @param patchGrid          side of the coarse grid the 64×64 SAM embedding is pooled to; one child
 *                           document per cell (8 → up to 64 patch vectors per image)
 * @param hnswMaxConnections HNSW graph degree M (Lucene default 16)
 * @param hnswBeamWidth      HNSW construction beam width (Lucene default 100)
 * @param quantizeVectors    store vectors with 7-bit scalar quantization
 *                           ({@code Lucene99HnswScalarQuantizedVectorsFormat}); raw floats are kept too
 *                           and used for the exact best-patch score of each candidate
 * @param candidateOversample the approximate kNN query asks for {@code k × oversample} images, which are
 *                           then re-scored exactly; larger values trade latency for recall
 * @param cacheMaxBytes      bound of the on-disk embedding cache (LRU eviction above it)
 * @param commitEveryFiles   an ingestion commits after this many processed files ...
 * @param commitInterval     ... or after this much time, whichever comes first; a crash loses at most
 *                           the work since the last commit
 * @param rerankThreads      worker threads that run the caller's re-ranker over candidates
 * @param thumbnailSize      longest side of generated thumbnails, in pixels
 * @param imageLimits        decoder limits for library files (bigger files are reported and skipped)
 * @param workerShare        the part of every root this process ingests when several workers write one shared
 *                           index ({@link WorkerShare#ALL} unless the back end is shared)
 */
public record IndexSettings(int patchGrid, int hnswMaxConnections, int hnswBeamWidth, boolean quantizeVectors,
                            int candidateOversample, long cacheMaxBytes, int commitEveryFiles,
                            Duration commitInterval, int rerankThreads, int thumbnailSize, ImageLimits imageLimits,
                            WorkerShare workerShare) {

    public static final long DEFAULT_CACHE_BYTES = 5L * 1024 * 1024 * 1024;

    public IndexSettings {
        require(patchGrid >= 1 && patchGrid <= 64, "patchGrid must be 1..64 but is " + patchGrid);
        require(hnswMaxConnections >= 2 && hnswMaxConnections <= 512,
                "hnswMaxConnections must be 2..512 but is " + hnswMaxConnections);
        require(hnswBeamWidth >= 1 && hnswBeamWidth <= 3200, "hnswBeamWidth must be 1..3200 but is " + hnswBeamWidth);
        require(candidateOversample >= 1 && candidateOversample <= 20,
                "candidateOversample must be 1..20 but is " + candidateOversample);
        require(cacheMaxBytes > 0, "cacheMaxBytes must be positive but is " + cacheMaxBytes);
        require(commitEveryFiles >= 1, "commitEveryFiles must be at least 1 but is " + commitEveryFiles);
        require(commitInterval != null && !commitInterval.isNegative() && !commitInterval.isZero(),
                "commitInterval must be positive but is " + commitInterval);
        require(rerankThreads >= 1, "rerankThreads must be at least 1 but is " + rerankThreads);
        require(thumbnailSize >= 16 && thumbnailSize <= 2048, "thumbnailSize must be 16..2048 but is " + thumbnailSize);
        require(imageLimits != null, "imageLimits must be given");
        require(workerShare != null, "workerShare must be given");
    }

    /** 8×8 patches, HNSW M=16 / beam 100, 7-bit quantization, 5 GB cache, commits every 32 files or 10 s. */
    public static IndexSettings defaults() {
        return new IndexSettings(8, 16, 100, true, 2, DEFAULT_CACHE_BYTES, 32, Duration.ofSeconds(10),
                Math.max(1, Runtime.getRuntime().availableProcessors()), 256, ImageLimits.DEFAULT, WorkerShare.ALL);
    }

    public IndexSettings withPatchGrid(int grid) {
        return new IndexSettings(grid, hnswMaxConnections, hnswBeamWidth, quantizeVectors, candidateOversample,
                cacheMaxBytes, commitEveryFiles, commitInterval, rerankThreads, thumbnailSize, imageLimits, workerShare);
    }

    public IndexSettings withHnsw(int maxConnections, int beamWidth) {
        return new IndexSettings(patchGrid, maxConnections, beamWidth, quantizeVectors, candidateOversample,
                cacheMaxBytes, commitEveryFiles, commitInterval, rerankThreads, thumbnailSize, imageLimits, workerShare);
    }

    public IndexSettings withQuantizeVectors(boolean quantize) {
        return new IndexSettings(patchGrid, hnswMaxConnections, hnswBeamWidth, quantize, candidateOversample,
                cacheMaxBytes, commitEveryFiles, commitInterval, rerankThreads, thumbnailSize, imageLimits, workerShare);
    }

    public IndexSettings withCandidateOversample(int oversample) {
        return new IndexSettings(patchGrid, hnswMaxConnections, hnswBeamWidth, quantizeVectors, oversample,
                cacheMaxBytes, commitEveryFiles, commitInterval, rerankThreads, thumbnailSize, imageLimits, workerShare);
    }

    public IndexSettings withCacheMaxBytes(long bytes) {
        return new IndexSettings(patchGrid, hnswMaxConnections, hnswBeamWidth, quantizeVectors, candidateOversample,
                bytes, commitEveryFiles, commitInterval, rerankThreads, thumbnailSize, imageLimits, workerShare);
    }

    public IndexSettings withCommitEvery(int files, Duration interval) {
        return new IndexSettings(patchGrid, hnswMaxConnections, hnswBeamWidth, quantizeVectors, candidateOversample,
                cacheMaxBytes, files, interval, rerankThreads, thumbnailSize, imageLimits, workerShare);
    }

    public IndexSettings withRerankThreads(int threads) {
        return new IndexSettings(patchGrid, hnswMaxConnections, hnswBeamWidth, quantizeVectors, candidateOversample,
                cacheMaxBytes, commitEveryFiles, commitInterval, threads, thumbnailSize, imageLimits, workerShare);
    }

    public IndexSettings withThumbnailSize(int size) {
        return new IndexSettings(patchGrid, hnswMaxConnections, hnswBeamWidth, quantizeVectors, candidateOversample,
                cacheMaxBytes, commitEveryFiles, commitInterval, rerankThreads, size, imageLimits, workerShare);
    }

    public IndexSettings withImageLimits(ImageLimits limits) {
        return new IndexSettings(patchGrid, hnswMaxConnections, hnswBeamWidth, quantizeVectors, candidateOversample,
                cacheMaxBytes, commitEveryFiles, commitInterval, rerankThreads, thumbnailSize, limits, workerShare);
    }

    public IndexSettings withWorkerShare(WorkerShare share) {
        return new IndexSettings(patchGrid, hnswMaxConnections, hnswBeamWidth, quantizeVectors, candidateOversample,
                cacheMaxBytes, commitEveryFiles, commitInterval, rerankThreads, thumbnailSize, imageLimits, share);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
