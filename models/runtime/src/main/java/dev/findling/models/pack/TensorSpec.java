package dev.findling.models.pack;

import ai.onnxruntime.OnnxJavaType;

import java.util.Set;

/**
 * What a dialect expects of one tensor: its logical name, the element types it may have and its rank.
 * Dimensions are not pinned because exports differ in which axes are dynamic.
 */
public record TensorSpec(String logicalName, Set<OnnxJavaType> elementTypes, int rank) {
    public TensorSpec {
        elementTypes = Set.copyOf(elementTypes);
    }

    public static TensorSpec floats(String name, int rank) {
        return new TensorSpec(name, Set.of(OnnxJavaType.FLOAT), rank);
    }

    public static TensorSpec ids(String name, int rank) {
        return new TensorSpec(name, Set.of(OnnxJavaType.INT64, OnnxJavaType.INT32), rank);
    }
}
