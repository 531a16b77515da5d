package dev.findling.semantic.tokenizer;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * CLIP's text clean-up before pre-tokenization: {@code whitespace_clean(basic_clean(text)).lower()},
 * i.e. ftfy's {@code fix_text}, HTML unescape twice, strip, collapse whitespace runs to one space,
 * strip, lower-case.
 *
 * <p>ftfy is a Python library; of its default fixes this class does the ones that are fully determined
 * by the input, in ftfy's order: HTML unescape of semicolon-terminated references when the text has no
 * {@code <} (ftfy's "auto" mode), C1 controls read as Windows-1252, Latin ligatures split, full- and
 * half-width forms to standard width, curly quotes straightened, control characters removed, lone
 * surrogates to U+FFFD, NFC normalisation. Its heuristic mojibake repair ("Ã©" → "é") is not done, so
 * ids differ from OpenAI's only for text that is itself mis-decoded.
 *
 * <p>Whitespace follows the Python {@code regex} module CLIP uses: {@code \s} is Unicode White_Space
 * for collapsing, while {@code str.strip()} also strips U+001C–U+001F (those are removed as controls
 * here anyway).
 */
final class TextCleaner {
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private TextCleaner() {
    }

    static String clean(String text) {
        String t = fixCharacters(text);
        t = HtmlUnescaper.unescape(HtmlUnescaper.unescape(t));
        t = strip(t);
        t = WHITESPACE_RUN.matcher(t).replaceAll(" ");
        t = strip(t);
        return t.toLowerCase(Locale.ROOT);
    }

    /** ftfy's deterministic fixes (see the class comment), then NFC. */
    static String fixCharacters(String text) {
        if (text.indexOf('<') < 0) {
            text = HtmlUnescaper.unescapeTerminated(text);
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp <= 0xFFFF && Character.isSurrogate((char) cp)) {
                out.append('\uFFFD');
            } else if (cp >= 0x80 && cp <= 0x9F) {
                // ftfy fix_c1_controls: C1 controls are almost always Windows-1252 bytes decoded as Latin-1.
                int w = HtmlUnescaper.WINDOWS_1252_C1[cp - 0x80];
                appendFixed(out, w == 0 ? cp : w);
            } else {
                appendFixed(out, cp);
            }
        }
        return Normalizer.normalize(out, Normalizer.Form.NFC);
    }

    private static void appendFixed(StringBuilder out, int cp) {
        if (isRemovedControl(cp)) {
            return;
        }
        String ligature = ligature(cp);
        if (ligature != null) {
            out.append(ligature);
        } else if (cp == 0x3000) {
            out.append(' ');
        } else if (cp >= 0xFF01 && cp <= 0xFFEF) {
            out.append(Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC));
        } else if (cp == 0x02BC || (cp >= 0x2018 && cp <= 0x201B)) {
            out.append('\'');
        } else if (cp >= 0x201C && cp <= 0x201F) {
            out.append('"');
        } else {
            out.appendCodePoint(cp);
        }
    }

    /** ftfy remove_control_chars: C0 controls other than tab/LF/CR/FF, DEL, deprecated format characters, BOM, … */
    private static boolean isRemovedControl(int cp) {
        return (cp >= 0x00 && cp <= 0x08) || cp == 0x0B || (cp >= 0x0E && cp <= 0x1F) || cp == 0x7F
                || (cp >= 0x206A && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFC)
                || (cp >= 0x1D173 && cp <= 0x1D17A) || (cp >= 0xE0000 && cp <= 0xE007F);
    }

    /** ftfy fix_latin_ligatures. */
    private static String ligature(int cp) {
        switch (cp) {
            case 0x0132: return "IJ";
            case 0x0133: return "ij";
            case 0xFB00: return "ff";
            case 0xFB01: return "fi";
            case 0xFB02: return "fl";
            case 0xFB03: return "ffi";
            case 0xFB04: return "ffl";
            case 0xFB05: return "\u017Ft";
            case 0xFB06: return "st";
            default: return null;
        }
    }

    /** Python's {@code str.strip()}: whitespace as {@code str.isspace()} defines it. */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isPythonSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isPythonSpace(char c) {
        return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000;
    }
}
