package dev.findling.index.store;

import dev.findling.index.PackMismatchException;

import java.util.HashMap;
import java.util.Map;

/**
 * What the vectors in an index mean: which pack produced them, their dimensions and the patch grid.
 * Recorded in every commit's user data and checked on open, so vectors from different packs never mix.
 *
 * @param packId     model pack id
 * @param patchDim   dimension of patch vectors (SAM embedding channels)
 * @param globalDim  dimension of global image-text vectors, 0 when the pack has no image embedder
 * @param patchGrid  configured pooling grid
 */
public record IndexIdentity(String packId, int patchDim, int globalDim, int patchGrid) {
    static final String FORMAT = "findling.index.format";
    static final String CURRENT_FORMAT = "1";
    static final String PACK_ID = "findling.pack.id";
    static final String PATCH_DIM = "findling.patch.dim";
    static final String GLOBAL_DIM = "findling.global.dim";
    static final String PATCH_GRID = "findling.patch.grid";

    /** The identity as key/value pairs, as recorded with every commit. */
    public Map<String, String> toUserData() {
        Map<String, String> m = new HashMap<>();
        m.put(FORMAT, CURRENT_FORMAT);
        m.put(PACK_ID, packId);
        m.put(PATCH_DIM, Integer.toString(patchDim));
        m.put(GLOBAL_DIM, Integer.toString(globalDim));
        m.put(PATCH_GRID, Integer.toString(patchGrid));
        return m;
    }

    /** Refuses an index whose recorded identity differs from this one, naming what differs and the fix. */
    public void checkCompatible(Map<String, String> userData, String where) {
        String recordedPack = userData.get(PACK_ID);
        if (recordedPack == null) {
            throw new PackMismatchException("the library index at " + where
                    + " was not written by Findling (no pack id recorded); run `" + PackMismatchException.REINDEX_COMMAND
                    + "` to rebuild it");
        }
        StringBuilder diff = new StringBuilder();
        if (!recordedPack.equals(packId)) {
            diff.append("it was built with pack '").append(recordedPack).append("' but pack '").append(packId)
                    .append("' is loaded");
        }
        appendDiff(diff, "patch vectors", userData.get(PATCH_DIM), patchDim, "-d");
        appendDiff(diff, "global vectors", userData.get(GLOBAL_DIM), globalDim, "-d");
        appendDiff(diff, "patch grid", userData.get(PATCH_GRID), patchGrid, " cells per side");
        if (!CURRENT_FORMAT.equals(userData.get(FORMAT))) {
            if (diff.length() > 0) {
                diff.append("; ");
            }
            diff.append("its format is ").append(userData.get(FORMAT)).append(", this version reads ").append(CURRENT_FORMAT);
        }
        if (diff.length() > 0) {
            throw new PackMismatchException("the library index at " + where + " cannot be used: " + diff
                    + ". Vectors from different packs or layouts never mix; run `" + PackMismatchException.REINDEX_COMMAND
                    + "` to rebuild the index with the loaded pack (cached embeddings of the new pack are reused).");
        }
    }

    private static void appendDiff(StringBuilder diff, String what, String recorded, int expected, String unit) {
        if (recorded != null && !recorded.equals(Integer.toString(expected))) {
            if (diff.length() > 0) {
                diff.append("; ");
            }
            diff.append("its ").append(what).append(" are ").append(recorded).append(unit).append(", now ")
                    .append(expected).append(unit);
        }
    }
}
