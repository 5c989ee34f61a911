package io.medextract.handlers.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medextract.handlers.http.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** File names are shown to people and may name the patient: nothing in them may change how the rest reads. */
class FileNamesTest {

    @ParameterizedTest(name = "U+{0} is refused")
    @ValueSource(strings = {
            "202E", "202D", "202A", "202B", "202C", // bidirectional embeddings and overrides
            "2066", "2067", "2068", "2069",         // bidirectional isolates
            "200E", "200F", "061C",                 // direction marks
            "200B", "200C", "200D", "2060", "FEFF", // zero-width space, joiners, word joiner, byte-order mark
            "00AD", "180E",                         // soft hyphen, Mongolian vowel separator
            "2028", "2029",                         // line and paragraph separators
            "0000", "0007", "0009", "000A", "001B", "007F", "0085", "009B", // C0 and C1 controls
            "E000", "F8FF", "F0000",                // private use
            "FFFE", "FFFF", "FDD0", "1FFFF",        // noncharacters
            "E0001", "1D173",                       // language tag, musical format character
    })
    void formatControlAndInvisibleCharactersAreRefusedAnywhere(String hex) {
        String c = Character.toString(Integer.parseInt(hex, 16));
        for (String name : new String[] {"report" + c + "fdp.exe", c + "scan.pdf", "scan.pdf" + c}) {
            assertThatThrownBy(() -> FileNames.validated(name))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.getMessage()).contains("U+" + hex).doesNotContain("report").doesNotContain("scan");
                    });
        }
    }

    @ParameterizedTest(name = "a lone surrogate is refused")
    @ValueSource(strings = {"\uD800", "\uDC00"})
    void unpairedSurrogatesAreRefused(String surrogate) {
        assertThatThrownBy(() -> FileNames.validated("a" + surrogate + ".pdf")).isInstanceOf(ApiException.class);
    }

    @ParameterizedTest(name = "\"{0}\" is stored as \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            // canonical equivalents become one spelling (NFC): e + combining acute is é
            "Jose\u0301 Mun\u0303oz.pdf|Jos\u00e9 Mu\u00f1oz.pdf",
            "Ren\u00e9e.pdf|Ren\u00e9e.pdf",
            // compatibility characters stay as written (not NFKC): superscript two, ligature, full-width letters
            "scan\u00b2.pdf|scan\u00b2.pdf",
            "\ufb01le.pdf|\ufb01le.pdf",
            "\uff33\uff43\uff41\uff4e.pdf|\uff33\uff43\uff41\uff4e.pdf",
            // letters, marks and emoji presentation selectors that are not format characters are kept
            "\u0645\u0631\u064a\u0636.pdf|\u0645\u0631\u064a\u0636.pdf",
            "\u2764\ufe0f.pdf|\u2764\ufe0f.pdf",
            "'  spaced name.pdf  '|spaced name.pdf",
    })
    void namesAreNormalisedToNfcAndKeptAsWritten(String given, String stored) {
        assertThat(FileNames.validated(given)).isEqualTo(stored);
    }
}
