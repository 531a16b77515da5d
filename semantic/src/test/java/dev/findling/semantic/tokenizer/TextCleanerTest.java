package dev.findling.semantic.tokenizer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CLIP's clean-up: Python's html.unescape rules, whitespace, case, and ftfy's character fixes. */
class TextCleanerTest {
    @Test
    void namedNumericAndLegacyEntities() {
        assertEquals("a & b", HtmlUnescaper.unescape("a &amp; b"));
        assertEquals("<b>", HtmlUnescaper.unescape("&lt;b&gt;"));
        assertEquals("é é é", HtmlUnescaper.unescape("&eacute; &#233; &#xE9;"));
        assertEquals("& x", HtmlUnescaper.unescape("&amp x"), "legacy names work without the semicolon");
        assertEquals("¬it;", HtmlUnescaper.unescape("&notit;"), "longest known prefix");
        assertEquals("&unknown;", HtmlUnescaper.unescape("&unknown;"));
        assertEquals("€", HtmlUnescaper.unescape("&#128;"), "0x80 reads as Windows-1252");
        assertEquals("\uFFFD", HtmlUnescaper.unescape("&#xD800;"));
        assertEquals("\uFFFD", HtmlUnescaper.unescape("&#99999999999999999999;"));
        assertEquals("", HtmlUnescaper.unescape("&#1;"));
        assertEquals("\uD83D\uDC36", HtmlUnescaper.unescape("&#128054;"));
    }

    @Test
    void unescapingTwiceUndoesDoubleEscaping() {
        assertEquals("fish & chips", TextCleaner.clean("Fish &amp;amp; Chips"));
        assertEquals("&", TextCleaner.clean("&amp;amp;amp;"), "ftfy unescapes once more when the text has no '<'");
        assertEquals("<b>&amp;", TextCleaner.clean("<b>&amp;amp;amp;"), "with a '<' only CLIP's two passes run");
        assertEquals("don't", TextCleaner.clean("don&rsquo;t"), "ftfy unescapes before it straightens quotes");
    }

    @Test
    void whitespaceCollapsesAndCaseFolds() {
        assertEquals("a photo of a dog", TextCleaner.clean("\u2003 A  PHOTO\r\nof\u00A0a\tdog \u3000"));
    }

    @Test
    void ftfyCharacterFixes() {
        assertEquals("don't say \"fine\"", TextCleaner.clean("Don\u2019t say \u201Cfine\u201D"));
        assertEquals("office fluff", TextCleaner.clean("o\uFB03ce \uFB02u\uFB00"));
        assertEquals("abc 123", TextCleaner.clean("\uFF21\uFF22\uFF23 \uFF11\uFF12\uFF13"));
        assertEquals("ab", TextCleaner.clean("a\u0000\u200Eb".replace("\u200E", "\uFEFF")));
        assertEquals("café", TextCleaner.clean("cafe\u0301"));
        assertEquals("it's", TextCleaner.clean("it\u0092s"), "a C1 control is a Windows-1252 byte");
    }
}
