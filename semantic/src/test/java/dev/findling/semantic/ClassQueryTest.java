package dev.findling.semantic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassQueryTest {
    @Test
    void commasSeparateClasses() {
        assertEquals(List.of("dog", "sofa", "floor"), ClassQuery.parse("dog, sofa, floor").classNames());
        assertEquals(List.of("red backpack"), ClassQuery.parse("  red backpack ").classNames());
    }

    @Test
    void emptyNamesAndRepeatsAreDropped() {
        assertEquals(List.of("Dog", "cat"), ClassQuery.parse("Dog,, dog ,cat, DOG,").classNames());
    }

    @Test
    void aQueryWithoutClassesIsRejectedWithAnExample() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClassQuery.parse(" , ,"));
        assertTrue(e.getMessage().contains("dog, sofa, floor"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClassQuery.parse(null));
    }
}
