package dev.findling.models.fetch;

import dev.findling.models.onnx.DenseClipFormula;
import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.PackManifest;
import dev.findling.models.pack.Preprocessing;
import dev.findling.models.pack.PreprocessingRules;
import dev.findling.models.pack.TokenizerSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The real packs {@code models fetch NAME} can download. Every URL is public and every file is
 * pinned by SHA-256 and size, so a changed upstream file fails the download instead of loading
 * unknown weights. Tensor names are those the exports declare; the manifests map them onto the
 * dialects' logical names (see {@link Dialects}). Sources and licences: {@code models/docs/fetch.md}.
 */
public final class KnownPacks {
    // MobileSAM split into an encoder with SAM's preprocessing inside and a multi-mask decoder, published on
    // Hugging Face by Acly and pinned to one revision (models/docs/fetch.md cites the pins).
    static final String MOBILESAM_REVISION = "0d3b403339b4674a82493d5e97964dd78089ddc8";
    static final String MOBILESAM_BASE = "https://huggingface.co/Acly/MobileSAM/resolve/" + MOBILESAM_REVISION + "/";
    static final String MOBILESAM_ENCODER = "mobile_sam_image_encoder.onnx";
    static final String MOBILESAM_ENCODER_SHA256 = "580f5fb648ea1062c0aabc26217aed56921985f03f0cbbd852bba81d760cc749";
    static final long MOBILESAM_ENCODER_SIZE = 28_157_093L;
    /** All four candidates per run; the repository's {@code sam_mask_decoder_single.onnx} is the one-mask variant. */
    static final String SAM_DECODER = "sam_mask_decoder_multi.onnx";
    static final String SAM_DECODER_SHA256 = "8976b90a87ba50a6a72217a5ff994f7d25ce16f2229fcc1ed259e1294c622ffe";
    static final long SAM_DECODER_SIZE = 16_496_559L;

    // OpenAI CLIP ViT-B/32 exported by Xenova (transformers.js) with Optimum, pinned to one revision.
    static final String XENOVA_CLIP_REVISION = "d15189d7028b43f1d3e65039190477f6af591c2a";
    static final String XENOVA_CLIP_BASE =
            "https://huggingface.co/Xenova/clip-vit-base-patch32/resolve/" + XENOVA_CLIP_REVISION + "/";
    static final String CLIP_TEXT = "clip_text_model.onnx";
    static final String CLIP_TEXT_SHA256 = "3f6571f5bad13a97c469c1622e1cfc4d9aef78b79fdbfcff804ca357bfada8cc";
    static final long CLIP_TEXT_SIZE = 254_058_553L;
    static final String CLIP_VISION = "clip_vision_model.onnx";
    static final String CLIP_VISION_SHA256 = "fd6e1402a588279d1723c7534d4bcba5bc0b14b47dfab0e46f8c47b8270d7d40";
    static final long CLIP_VISION_SIZE = 351_685_709L;
    // OpenAI's own BPE vocabulary (the file the CLIP tokenizer is defined by).
    static final String CLIP_BPE = "bpe_simple_vocab_16e6.txt.gz";
    static final String CLIP_BPE_URL = "https://raw.githubusercontent.com/openai/CLIP/main/clip/bpe_simple_vocab_16e6.txt.gz";
    static final String CLIP_BPE_SHA256 = "924691ac288e54409236115652ad4aa250f48203de50a9e4722a6ecd48d6804a";
    static final long CLIP_BPE_SIZE = 1_356_917L;
    /** The pack folder of {@code mobilesam}; another export is another id, so its vectors are never mixed. */
    static final String MOBILESAM_ID = "mobilesam-acly-" + MOBILESAM_REVISION.substring(0, 7);

    /** CLIP ViT-B/32's joint embedding width. */
    static final int CLIP_B32_DIMENSION = 512;

    // EfficientSAM ViT-T as its authors published the ONNX export in their repository (pinned commit).
    static final String EFFICIENTSAM_COMMIT = "f13035d925a0de803e8f733f3239fa05b1fcf36f";
    static final String EFFICIENTSAM_BASE =
            "https://raw.githubusercontent.com/yformer/EfficientSAM/" + EFFICIENTSAM_COMMIT + "/weights/";
    static final String EFFICIENTSAM_ENCODER = "efficient_sam_vitt_encoder.onnx";
    static final String EFFICIENTSAM_ENCODER_SHA256 = "84ed466ffcc5c1f8d08409bc34a23bb364ab2c15e402cb12d4335a42be0e0951";
    static final long EFFICIENTSAM_ENCODER_SIZE = 24_799_761L;
    static final String EFFICIENTSAM_DECODER = "efficient_sam_vitt_decoder.onnx";
    static final String EFFICIENTSAM_DECODER_SHA256 = "a62f8fa5ea080447c0689418d69e58f1e83e0b7adf9c142e2bd9bcc8045c0b11";
    static final long EFFICIENTSAM_DECODER_SIZE = 16_565_728L;
    private static final String EFFICIENTSAM_SOURCE = "EfficientSAM ViT-T (github.com/yformer/EfficientSAM @ "
            + EFFICIENTSAM_COMMIT.substring(0, 8) + ", weights/), ONNX export by the authors' export_to_onnx.py";
    private static final String EFFICIENTSAM_LICENSE = "Apache-2.0 (EfficientSAM)";

    private static final String MOBILESAM_SOURCE = "MobileSAM (github.com/ChaoningZhang/MobileSAM) TinyViT encoder and "
            + "SAM (github.com/facebookresearch/segment-anything) prompt encoder and mask decoder, ONNX export published "
            + "at huggingface.co/Acly/MobileSAM @ " + MOBILESAM_REVISION.substring(0, 7);
    private static final String MOBILESAM_LICENSE = "Apache-2.0 (MobileSAM and SAM weights)";
    private static final String CLIP_SOURCE = "OpenAI CLIP ViT-B/32 (github.com/openai/CLIP, huggingface.co/openai/clip-vit-base-patch32), "
            + "ONNX export by Xenova (huggingface.co/Xenova/clip-vit-base-patch32 @ " + XENOVA_CLIP_REVISION.substring(0, 7) + ")";
    private static final String CLIP_LICENSE = "MIT (OpenAI CLIP)";

    private KnownPacks() {
    }

    /** Every known pack, in the order {@code models list} shows them. */
    public static List<KnownPack> all() {
        return List.of(mobileSam(), efficientSamVitT(), clipVitB32(), mobileSamClipB32());
    }

    /** Looks a pack up by its command-line name, case-insensitively. */
    public static Optional<KnownPack> byName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT).trim();
        return all().stream().filter(p -> p.name().equals(wanted)).findFirst();
    }

    /** MobileSAM image encoder + SAM mask decoder: PerSAM and click/box segmentation with learned weights. */
    public static KnownPack mobileSam() {
        List<ModelEntry> models = List.of(mobileSamEncoder(), samDecoder());
        PackManifest manifest = new PackManifest(PackManifest.CURRENT_FORMAT, MOBILESAM_ID, "MobileSAM",
                PackManifest.KIND_LEARNED, "MobileSAM (learned)",
                "MobileSAM's TinyViT image encoder distilled from SAM ViT-H, with SAM's prompt encoder and mask "
                        + "decoder returning all four candidates; ONNX export from Hugging Face Acly/MobileSAM. "
                        + MOBILESAM_LICENSE + ".",
                null, models);
        return new KnownPack("mobilesam", "MobileSAM encoder + SAM decoder with four candidates (ONNX, 44.7 MB), Apache-2.0",
                mobileSamDownloads(), manifest);
    }

    /**
     * EfficientSAM ViT-T's encoder and decoder as the authors publish them. The encoder resizes (to 1024² without
     * keeping the aspect ratio) and normalises inside the graph; the decoder takes prompts in original pixels with
     * {@code orig_im_size} and returns three candidates. Its low-res output has an exporter-made name, which the
     * {@code efficientsam} dialect finds when the pack loads.
     */
    public static KnownPack efficientSamVitT() {
        List<ModelEntry> models = List.of(
                new ModelEntry(Dialects.IMAGE_ENCODER, "efficientsam", EFFICIENTSAM_ENCODER, EFFICIENTSAM_ENCODER_SHA256,
                        Map.of("image", "batched_images"), identity("image_embeddings"), Preprocessing.efficientSam(), null),
                new ModelEntry(Dialects.MASK_DECODER, "efficientsam", EFFICIENTSAM_DECODER, EFFICIENTSAM_DECODER_SHA256,
                        identity("image_embeddings", "batched_point_coords", "batched_point_labels", "orig_im_size"),
                        identity("output_masks", "iou_predictions"), null, null));
        PackManifest manifest = new PackManifest(PackManifest.CURRENT_FORMAT, "efficientsam-vitt-" + EFFICIENTSAM_COMMIT.substring(0, 7),
                "EfficientSAM ViT-T", PackManifest.KIND_LEARNED, "EfficientSAM ViT-T (learned)",
                "EfficientSAM's ViT-Tiny image encoder (SAMI-pretrained) and its prompt decoder, ONNX export by the "
                        + "authors. Three candidates per prompt, no mask input. " + EFFICIENTSAM_LICENSE + ".",
                null, models);
        return new KnownPack("efficientsam-vitt", "EfficientSAM ViT-T encoder + decoder (ONNX, 41 MB), Apache-2.0",
                List.of(KnownPack.Download.file(EFFICIENTSAM_ENCODER, EFFICIENTSAM_BASE + EFFICIENTSAM_ENCODER,
                                EFFICIENTSAM_ENCODER_SHA256, EFFICIENTSAM_ENCODER_SIZE, EFFICIENTSAM_LICENSE, EFFICIENTSAM_SOURCE),
                        KnownPack.Download.file(EFFICIENTSAM_DECODER, EFFICIENTSAM_BASE + EFFICIENTSAM_DECODER,
                                EFFICIENTSAM_DECODER_SHA256, EFFICIENTSAM_DECODER_SIZE, EFFICIENTSAM_LICENSE, EFFICIENTSAM_SOURCE)),
                manifest);
    }

    /**
     * CLIP ViT-B/32 text and image towers and OpenAI's tokenizer vocabulary: text embeddings and
     * global image embeddings for library text search. It has no SAM image encoder, so it is meant to
     * be combined with a SAM pack; {@link #mobileSamClipB32()} is that combination.
     */
    public static KnownPack clipVitB32() {
        PackManifest manifest = new PackManifest(PackManifest.CURRENT_FORMAT, "clip-vit-b32-" + XENOVA_CLIP_REVISION.substring(0, 7),
                "CLIP ViT-B/32", PackManifest.KIND_LEARNED, "CLIP ViT-B/32 (learned)",
                "OpenAI CLIP ViT-B/32 text and image encoders (ONNX export by Xenova) with OpenAI's BPE vocabulary. "
                        + CLIP_LICENSE + ".",
                clipTokenizer(), List.of(clipTextEncoder(), clipImageEmbedder()));
        return new KnownPack("clip-vit-b32", "CLIP ViT-B/32 text + image encoders and tokenizer (ONNX, 607 MB), MIT",
                clipDownloads(), manifest);
    }

    /** MobileSAM and CLIP ViT-B/32 in one pack: PerSAM, segmentation and library text search. */
    public static KnownPack mobileSamClipB32() {
        List<ModelEntry> models = List.of(mobileSamEncoder(), samDecoder(), clipTextEncoder(), clipImageEmbedder(),
                derivedDenseHead());
        PackManifest manifest = new PackManifest(PackManifest.CURRENT_FORMAT,
                "mobilesam-acly-" + MOBILESAM_REVISION.substring(0, 7) + "-clip-vit-b32-" + XENOVA_CLIP_REVISION.substring(0, 7), "MobileSAM + CLIP ViT-B/32",
                PackManifest.KIND_LEARNED, "MobileSAM + CLIP ViT-B/32 (learned)",
                "MobileSAM image encoder with SAM's four-candidate mask decoder (" + MOBILESAM_LICENSE + ") and OpenAI CLIP ViT-B/32 "
                        + "text and image encoders (" + CLIP_LICENSE + "). Text-prompted segmentation runs through a "
                        + "dense CLIP head Findling derives from the image encoder on first load (MaskCLIP formula, "
                        + "32-pixel patches: coarse maps that SAM refines).",
                clipTokenizer(), models);
        List<KnownPack.Download> downloads = new ArrayList<>(mobileSamDownloads());
        downloads.addAll(clipDownloads());
        return new KnownPack("mobilesam-clip-b32", "MobileSAM + CLIP ViT-B/32 in one pack (651 MB)", downloads, manifest);
    }

    private static List<KnownPack.Download> mobileSamDownloads() {
        return List.of(
                KnownPack.Download.file(MOBILESAM_ENCODER, MOBILESAM_BASE + MOBILESAM_ENCODER, MOBILESAM_ENCODER_SHA256,
                        MOBILESAM_ENCODER_SIZE, MOBILESAM_LICENSE, MOBILESAM_SOURCE),
                KnownPack.Download.file(SAM_DECODER, MOBILESAM_BASE + SAM_DECODER, SAM_DECODER_SHA256,
                        SAM_DECODER_SIZE, MOBILESAM_LICENSE, MOBILESAM_SOURCE));
    }

    private static List<KnownPack.Download> clipDownloads() {
        return List.of(
                KnownPack.Download.file(CLIP_TEXT, XENOVA_CLIP_BASE + "onnx/text_model.onnx", CLIP_TEXT_SHA256,
                        CLIP_TEXT_SIZE, CLIP_LICENSE, CLIP_SOURCE),
                KnownPack.Download.file(CLIP_VISION, XENOVA_CLIP_BASE + "onnx/vision_model.onnx", CLIP_VISION_SHA256,
                        CLIP_VISION_SIZE, CLIP_LICENSE, CLIP_SOURCE),
                KnownPack.Download.file(CLIP_BPE, CLIP_BPE_URL, CLIP_BPE_SHA256, CLIP_BPE_SIZE, CLIP_LICENSE,
                        "OpenAI CLIP repository (github.com/openai/CLIP, clip/bpe_simple_vocab_16e6.txt.gz)"));
    }

    /**
     * The encoder with SAM's preprocessing inside the graph (dialect {@code sam-preprocess}): input
     * {@code input_image} float32 [H, W, 3], the RGB image (0–255) resized so its longer side is 1024, not padded;
     * the graph normalises with SAM's mean/std and pads to 1024². Output {@code image_embeddings} [1,256,64,64].
     */
    private static ModelEntry mobileSamEncoder() {
        return new ModelEntry(Dialects.IMAGE_ENCODER, Dialects.SAM_PREPROCESS, MOBILESAM_ENCODER, MOBILESAM_ENCODER_SHA256,
                Map.of("image", "input_image"), Map.of("image_embeddings", "image_embeddings"),
                PreprocessingRules.samInGraph(1024), null);
    }

    /**
     * segment-anything's {@code scripts/export_onnx_model.py} decoder: inputs {@code image_embeddings}
     * [1,256,64,64], {@code point_coords} [1,N,2], {@code point_labels} [1,N], {@code mask_input}
     * [1,1,256,256], {@code has_mask_input} [1], {@code orig_im_size} [2]; outputs {@code masks},
     * {@code iou_predictions} [1,4], {@code low_res_masks} [1,4,256,256] (multimask output).
     */
    private static ModelEntry samDecoder() {
        Map<String, String> inputs = identity("image_embeddings", "point_coords", "point_labels", "mask_input",
                "has_mask_input", "orig_im_size");
        Map<String, String> outputs = identity("masks", "iou_predictions", "low_res_masks");
        return new ModelEntry(Dialects.MASK_DECODER, Dialects.SAM_ONNX, SAM_DECODER, SAM_DECODER_SHA256, inputs, outputs, null, null);
    }

    /** Optimum's CLIPTextModelWithProjection export: {@code input_ids} int64 [batch, sequence] → {@code text_embeds} [batch, 512]. */
    private static ModelEntry clipTextEncoder() {
        return new ModelEntry(Dialects.TEXT_ENCODER, "clip", CLIP_TEXT, CLIP_TEXT_SHA256,
                identity("input_ids"), identity("text_embeds"), null, CLIP_B32_DIMENSION);
    }

    /** Optimum's CLIPVisionModelWithProjection export: {@code pixel_values} [batch,3,224,224] → {@code image_embeds} [batch, 512]. */
    private static ModelEntry clipImageEmbedder() {
        return new ModelEntry(Dialects.IMAGE_EMBEDDER, "clip", CLIP_VISION, CLIP_VISION_SHA256,
                identity("pixel_values"), identity("image_embeds"), Preprocessing.clip(224), CLIP_B32_DIMENSION);
    }

    /**
     * The training-free dense head (MaskCLIP formula) Findling derives from the CLIP vision export; nothing more is
     * downloaded. Same file and pin as {@link #clipImageEmbedder()}, whose names the derivation reads.
     */
    private static ModelEntry derivedDenseHead() {
        return new ModelEntry(Dialects.DENSE_ENCODER, "dense-clip", CLIP_VISION, CLIP_VISION_SHA256,
                identity("pixel_values"), Map.of(), null, CLIP_B32_DIMENSION, DenseClipFormula.MASKCLIP.id());
    }

    private static TokenizerSpec clipTokenizer() {
        return new TokenizerSpec(TokenizerSpec.CLIP_BPE, CLIP_BPE, null, null);
    }

    private static Map<String, String> identity(String... names) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String n : names) {
            map.put(n, n);
        }
        return map;
    }
}
