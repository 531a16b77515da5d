package dev.findling.semantic.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTML character-reference decoding with the rules of the HTML5 standard as Python's
 * {@code html.unescape} applies them (CLIP calls it twice on every text): all 2,231 named references
 * (a few legacy ones also without the trailing semicolon, and a longest-prefix match for names that run
 * into following letters), decimal and hex numeric references, the Windows-1252 reading of 0x80–0x9F,
 * U+FFFD for surrogates, zero and out-of-range numbers, and removal of non-characters and most controls.
 */
final class HtmlUnescaper {
    private static final String ENTITY_TABLE = "html5-named-character-references.tsv";

    /** A reference: numeric decimal, numeric hex, or up to 32 name characters; the semicolon is optional. */
    private static final Pattern REFERENCE =
            Pattern.compile("&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\\t\\n\\f <&#;]{1,32};?)");

    /** ftfy's stricter form: only references closed by a semicolon, names of at most 24 letters/digits. */
    private static final Pattern TERMINATED_REFERENCE = Pattern.compile("&(#[0-9]+;|#[xX][0-9a-fA-F]+;|[0-9A-Za-z]{1,24};)");

    /** HTML5 §13.2.5.80: numeric references to these code points mean the Windows-1252 character instead. */
    private static final Map<Integer, String> NUMERIC_REPLACEMENTS = new HashMap<>();
    /** Windows-1252 bytes 0x80–0x9F as code points; 0 where the byte is undefined (kept as the C1 control). */
    static final int[] WINDOWS_1252_C1 = {
            0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
            0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

    private static final Map<String, String> NAMED = loadNamedReferences();

    static {
        NUMERIC_REPLACEMENTS.put(0x00, "\uFFFD");
        NUMERIC_REPLACEMENTS.put(0x0D, "\r");
        for (int i = 0; i < WINDOWS_1252_C1.length; i++) {
            int cp = WINDOWS_1252_C1[i] == 0 ? 0x80 + i : WINDOWS_1252_C1[i];
            NUMERIC_REPLACEMENTS.put(0x80 + i, new String(Character.toChars(cp)));
        }
    }

    private HtmlUnescaper() {
    }

    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = REFERENCE.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        int last = 0;
        while (m.find()) {
            out.append(s, last, m.start()).append(decode(m.group(1)));
            last = m.end();
        }
        return out.append(s, last, s.length()).toString();
    }

    /**
     * ftfy's {@code unescape_html}: semicolon-terminated references only, names looked up exactly (no
     * longest-prefix reading); anything else stays as written.
     */
    static String unescapeTerminated(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = TERMINATED_REFERENCE.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        int last = 0;
        while (m.find()) {
            String ref = m.group(1);
            String value = ref.charAt(0) == '#' ? decode(ref) : NAMED.get(ref);
            out.append(s, last, m.start()).append(value == null ? m.group() : value);
            last = m.end();
        }
        return out.append(s, last, s.length()).toString();
    }

    private static String decode(String ref) {
        if (ref.charAt(0) == '#') {
            boolean hex = ref.length() > 1 && (ref.charAt(1) == 'x' || ref.charAt(1) == 'X');
            String digits = ref.substring(hex ? 2 : 1);
            if (digits.endsWith(";")) {
                digits = digits.substring(0, digits.length() - 1);
            }
            return numeric(parseCapped(digits, hex ? 16 : 10));
        }
        String value = NAMED.get(ref);
        if (value != null) {
            return value;
        }
        // The standard's longest match: "&ampx" is "&" followed by "x"; "&notit;" is "¬it;".
        for (int x = ref.length() - 1; x > 1; x--) {
            String prefix = NAMED.get(ref.substring(0, x));
            if (prefix != null) {
                return prefix + ref.substring(x);
            }
        }
        return "&" + ref;
    }

    /** The number, or {@code Long.MAX_VALUE} when it is larger than any code point (huge digit strings). */
    private static long parseCapped(String digits, int radix) {
        long v = 0;
        for (int i = 0; i < digits.length(); i++) {
            v = v * radix + Character.digit(digits.charAt(i), radix);
            if (v > 0x10FFFF) {
                return Long.MAX_VALUE;
            }
        }
        return v;
    }

    private static String numeric(long n) {
        String replacement = n <= 0x9F ? NUMERIC_REPLACEMENTS.get((int) n) : null;
        if (replacement != null) {
            return replacement;
        }
        if ((n >= 0xD800 && n <= 0xDFFF) || n > 0x10FFFF) {
            return "\uFFFD";
        }
        int cp = (int) n;
        if (isDroppedCodePoint(cp)) {
            return "";
        }
        return new String(Character.toChars(cp));
    }

    /** Controls (other than tab, LF, FF, CR, space) and Unicode non-characters decode to nothing. */
    private static boolean isDroppedCodePoint(int cp) {
        return (cp >= 0x01 && cp <= 0x08) || cp == 0x0B || (cp >= 0x0E && cp <= 0x1F) || (cp >= 0x7F && cp <= 0x9F)
                || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    }

    private static Map<String, String> loadNamedReferences() {
        Map<String, String> table = new HashMap<>(4096);
        try (InputStream in = HtmlUnescaper.class.getResourceAsStream(ENTITY_TABLE)) {
            if (in == null) {
                throw new IllegalStateException("the HTML entity table " + ENTITY_TABLE + " is missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                StringBuilder value = new StringBuilder(2);
                for (String hex : line.substring(tab + 1).split(" ")) {
                    value.appendCodePoint(Integer.parseInt(hex, 16));
                }
                table.put(line.substring(0, tab), value.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the HTML entity table " + ENTITY_TABLE, e);
        }
        return table;
    }
}
