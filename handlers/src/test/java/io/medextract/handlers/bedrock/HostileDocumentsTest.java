package io.medextract.handlers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medextract.handlers.documents.DocumentLimits;
import io.medextract.handlers.documents.DocumentRefusedException;
import io.medextract.handlers.documents.PreparationBudget;
import io.medextract.handlers.domain.DocumentType;
import io.medextract.handlers.fixtures.HostileDocuments;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of hostile document is refused by the limit meant for it, with a message that names the limit,
 * and within a preparation budget far shorter than the time the unbounded code took (seconds to hours): the
 * refusal comes from the declared sizes and counted work, not from the clock. The same files run through the
 * shipped extract package in a memory-limited JVM in the cross-module tests.
 */
class HostileDocumentsTest {

    static Stream<HostileDocuments.Bomb> bombs() {
        return HostileDocuments.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bombs")
    void eachBombIsRefusedByItsLimit(HostileDocuments.Bomb bomb) {
        DocumentType type = DocumentType.fromMediaType(bomb.mediaType()).orElseThrow();
        assertThat(DocumentType.detect(bomb.content())).as("passes today's upload checks").contains(type);
        assertThat(bomb.content().length).isLessThan((int) DocumentType.MAX_BYTES);
        // Generous for a slow CI machine, and still far below what the unbounded code took.
        PreparationBudget budget = PreparationBudget.of(Duration.ofSeconds(60));

        assertThatThrownBy(() -> ModelInput.of(type, bomb.content(), budget))
                .isInstanceOfSatisfying(DocumentRefusedException.class, refused -> {
                    assertThat(refused.limit()).as(refused.getMessage()).isEqualTo(bomb.refusedBy());
                    assertThat(budget.isSpent()).as("refused by a limit, not by the clock").isFalse();
                });
    }

    @Test
    void aSpentBudgetStopsThePreparationOfANormalScan() {
        PreparationBudget budget = PreparationBudget.of(Duration.ofSeconds(60));
        budget.stop(); // as the watchdog does at the deadline

        assertThatThrownBy(() -> ModelInput.of(DocumentType.PDF, DocumentFixtures.scannedPdf(2), budget))
                .isInstanceOfSatisfying(DocumentRefusedException.class,
                        refused -> assertThat(refused.limit()).isEqualTo("MAX_PREPARATION_TIME"));
    }

    @Test
    void documentsJustInsideTheLimitsArePrepared() {
        PreparationBudget budget = PreparationBudget.of(DocumentLimits.MAX_PREPARATION_TIME);
        ModelInput pdf = ModelInput.of(DocumentType.PDF, HostileDocuments.textPagesPdf(
                DocumentLimits.MAX_PDF_PAGES), budget);
        assertThat(pdf.sentAs().pagesTotal()).isEqualTo(DocumentLimits.MAX_PDF_PAGES);

        ModelInput forms = ModelInput.of(DocumentType.PDF, HostileDocuments.nestedFormsPdf(
                DocumentLimits.MAX_FORM_DEPTH - 1, 1), PreparationBudget.of(DocumentLimits.MAX_PREPARATION_TIME));
        assertThat(forms.sentAs().pagesTotal()).isEqualTo(1);
    }
}
