package dev.findling.semantic;

import dev.findling.semantic.tokenizer.ClipTokenizer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The class names of a text query: "dog, sofa, floor" names three classes. Names are trimmed; empty
 * ones and repeats (same text after CLIP's clean-up, e.g. "Dog" and "dog") are dropped, keeping the
 * first spelling. Label i + 1 of a result is {@code classNames().get(i)}.
 */
public record ClassQuery(List<String> classNames) {
    public ClassQuery {
        classNames = List.copyOf(classNames);
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("the query names no class; give one or more class names separated by commas,"
                    + " e.g. 'dog, sofa, floor'");
        }
    }

    /** Splits on commas. */
    public static ClassQuery parse(String query) {
        if (query == null) {
            throw new IllegalArgumentException("the query is missing; give class names separated by commas, e.g. 'dog, sofa, floor'");
        }
        return of(List.of(query.split(",")));
    }

    /** Cleans and de-duplicates the given names. */
    public static ClassQuery of(List<String> names) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            String name = n == null ? "" : n.strip();
            String key = ClipTokenizer.normalize(name);
            if (!key.isEmpty() && seen.add(key)) {
                out.add(name);
            }
        }
        return new ClassQuery(out);
    }

    public int size() {
        return classNames.size();
    }
}
