package dev.findling.models.testing;

import dev.findling.models.ModelPack;
import dev.findling.models.clip.DenseEncoder;
import dev.findling.models.clip.DenseFeatures;
import dev.findling.models.clip.SamClipBackbone;
import dev.findling.models.image.RgbImage;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.ImageEncoder;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts how often the image encoder, the dense encoder and a merged SAM-CLIP backbone run, through
 * {@link ModelPack#withDecorators(ModelPack.Decorators)}: what tests use to prove a backbone runs once.
 */
public final class RunCounters {
    public final AtomicInteger imageEncoder = new AtomicInteger();
    public final AtomicInteger denseEncoder = new AtomicInteger();
    public final AtomicInteger backbone = new AtomicInteger();

    /** Decorators counting every role this class knows. */
    public ModelPack.Decorators decorators() {
        return ModelPack.Decorators.none()
                .withImageEncoder(this::counting)
                .withDenseEncoder(this::counting)
                .withSamClipBackbone(this::counting);
    }

    public void reset() {
        imageEncoder.set(0);
        denseEncoder.set(0);
        backbone.set(0);
    }

    public ImageEncoder counting(ImageEncoder e) {
        return new ImageEncoder() {
            @Override
            public String dialect() {
                return e.dialect();
            }

            @Override
            public int inputSize() {
                return e.inputSize();
            }

            @Override
            public ImageEmbedding encode(RgbImage image) {
                imageEncoder.incrementAndGet();
                return e.encode(image);
            }
        };
    }

    public DenseEncoder counting(DenseEncoder d) {
        return new DenseEncoder() {
            @Override
            public String dialect() {
                return d.dialect();
            }

            @Override
            public int dimension() {
                return d.dimension();
            }

            @Override
            public DenseFeatures encode(RgbImage image) {
                denseEncoder.incrementAndGet();
                return d.encode(image);
            }
        };
    }

    public SamClipBackbone counting(SamClipBackbone b) {
        return new SamClipBackbone() {
            @Override
            public String dialect() {
                return b.dialect();
            }

            @Override
            public int inputSize() {
                return b.inputSize();
            }

            @Override
            public int dimension() {
                return b.dimension();
            }

            @Override
            public Encoding encode(RgbImage image) {
                backbone.incrementAndGet();
                return b.encode(image);
            }
        };
    }
}
