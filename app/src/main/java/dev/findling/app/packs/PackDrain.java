package dev.findling.app.packs;

import dev.findling.models.ModelPack;
import dev.findling.models.clip.DenseEncoder;
import dev.findling.models.clip.DenseFeatures;
import dev.findling.models.clip.ImageEmbedder;
import dev.findling.models.clip.SamClipBackbone;
import dev.findling.models.clip.TextEncoder;
import dev.findling.models.image.RgbImage;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.ImageEncoder;
import dev.findling.models.sam.MaskDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Lets a pack that was switched out close only when its last run has ended. Every model run of the pack goes
 * through {@link #decorate(ModelPack)}'s role objects, which count the runs in flight; {@link #retire()} marks the
 * pack for closing and closes its sessions as soon as that count is zero. A run that starts after the pack closed
 * (work that took the old pack before the switch and asks it for more) fails with a sentence saying the pack was
 * switched, instead of reaching a closed session.
 */
final class PackDrain {
    private static final Logger log = LoggerFactory.getLogger(PackDrain.class);

    private final ModelPack pack;
    private int inFlight;
    private boolean retired;
    private boolean closed;

    PackDrain(ModelPack pack) {
        this.pack = pack;
    }

    /** Runs currently inside one of the pack's models. */
    synchronized int inFlight() {
        return inFlight;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Closes the pack once no run is in flight (at once when none is). Idempotent. */
    void retire() {
        boolean closeNow;
        synchronized (this) {
            retired = true;
            closeNow = inFlight == 0 && !closed;
            closed |= closeNow;
        }
        if (closeNow) {
            closePack();
        } else {
            log.info("Model pack {} was switched out; it closes when its {} run(s) in flight end", pack.id(), inFlight());
        }
    }

    private <T> T run(Supplier<T> work) {
        synchronized (this) {
            if (closed) {
                throw PackUnavailableException.switched(pack.directory());
            }
            inFlight++;
        }
        try {
            return work.get();
        } finally {
            boolean closeNow;
            synchronized (this) {
                inFlight--;
                closeNow = retired && inFlight == 0 && !closed;
                closed |= closeNow;
            }
            if (closeNow) {
                closePack();
            }
        }
    }

    private void closePack() {
        pack.close();
        log.info("Closed model pack {} after its last run", pack.id());
    }

    /** The pack with every role object counting its runs here. */
    ModelPack decorate(ModelPack undecorated) {
        return undecorated.withDecorators(ModelPack.Decorators.none()
                .withImageEncoder(this::counted)
                .withMaskDecoder(this::counted)
                .withTextEncoder(this::counted)
                .withDenseEncoder(this::counted)
                .withImageEmbedder(this::counted)
                .withSamClipBackbone(this::counted));
    }

    private ImageEncoder counted(ImageEncoder d) {
        return new ImageEncoder() {
            @Override
            public String dialect() {
                return d.dialect();
            }

            @Override
            public int inputSize() {
                return d.inputSize();
            }

            @Override
            public ImageEmbedding encode(RgbImage image) {
                return run(() -> d.encode(image));
            }
        };
    }

    private MaskDecoder counted(MaskDecoder d) {
        return new MaskDecoder() {
            @Override
            public String dialect() {
                return d.dialect();
            }

            @Override
            public boolean acceptsGuidance() {
                return d.acceptsGuidance();
            }

            @Override
            public boolean acceptsMaskInput() {
                return d.acceptsMaskInput();
            }

            @Override
            public DecoderResult decode(ImageEmbedding embedding, DecoderPrompt prompt) {
                return run(() -> d.decode(embedding, prompt));
            }
        };
    }

    private TextEncoder counted(TextEncoder d) {
        return new TextEncoder() {
            @Override
            public String dialect() {
                return d.dialect();
            }

            @Override
            public int contextLength() {
                return d.contextLength();
            }

            @Override
            public int dimension() {
                return d.dimension();
            }

            @Override
            public float[] encode(int[] tokenIds) {
                return run(() -> d.encode(tokenIds));
            }
        };
    }

    private DenseEncoder counted(DenseEncoder d) {
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
                return run(() -> d.encode(image));
            }
        };
    }

    private ImageEmbedder counted(ImageEmbedder d) {
        return new ImageEmbedder() {
            @Override
            public String dialect() {
                return d.dialect();
            }

            @Override
            public int dimension() {
                return d.dimension();
            }

            @Override
            public float[] embed(RgbImage image) {
                return run(() -> d.embed(image));
            }
        };
    }

    private SamClipBackbone counted(SamClipBackbone d) {
        return new SamClipBackbone() {
            @Override
            public String dialect() {
                return d.dialect();
            }

            @Override
            public int inputSize() {
                return d.inputSize();
            }

            @Override
            public int dimension() {
                return d.dimension();
            }

            @Override
            public Encoding encode(RgbImage image) {
                return run(() -> d.encode(image));
            }
        };
    }
}
