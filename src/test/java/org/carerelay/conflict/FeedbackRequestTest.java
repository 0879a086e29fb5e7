package org.carerelay.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.carerelay.conflict.rules.ConflictRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Feedback requests as CDS Hooks 2.0 writes them, and every way one can be malformed, with where. */
class FeedbackRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CARD = "9368d37b-283f-44a0-93ea-547cebab93ed";
    private static final String WHEN = "\"outcomeTimestamp\":\"2026-06-01T10:05:31Z\"";

    private static List<FeedbackRequest.Entry> read(String body) throws Exception {
        return FeedbackRequest.read(JSON.readTree(body));
    }

    @Test
    void anOverriddenCardWithAReasonAndAnAcceptedSuggestionAreRead() throws Exception {
        List<FeedbackRequest.Entry> entries =
                read("{\"feedback\":[{\"card\":\"" + CARD + "\",\"outcome\":\"overridden\","
                        + "\"overrideReason\":{\"reason\":{\"system\":\"" + OverrideReasons.SYSTEM
                        + "\",\"code\":\"will-monitor\"},"
                        + "\"userComment\":\"INR weekly\"}," + WHEN + "},"
                        + "{\"card\":\"" + CARD
                        + "\",\"outcome\":\"accepted\",\"acceptedSuggestions\":[{\"id\":\"s-1\"}]," + WHEN
                        + "}]}");

        assertThat(entries)
                .containsExactly(
                        new FeedbackRequest.Entry(
                                "feedback[0]", CARD, "overridden", List.of(), OverrideReasons.SYSTEM, "will-monitor"),
                        new FeedbackRequest.Entry("feedback[1]", CARD, "accepted", List.of("s-1"), null, null));
        assertThat(entries.get(0).reasonTag()).isEqualTo("will-monitor");
        assertThat(entries.get(1).reasonTag()).isEqualTo("none");
    }

    @Test
    void aClientsOwnReasonAndACommentAloneAreRead() throws Exception {
        List<FeedbackRequest.Entry> entries =
                read("{\"feedback\":[{\"card\":\"" + CARD + "\",\"outcome\":\"overridden\","
                        + "\"overrideReason\":{\"reason\":{\"system\":\"https://ehr.example.org/reasons\",\"code\":\"d7\"}},"
                        + WHEN + "},{\"card\":\"" + CARD + "\",\"outcome\":\"overridden\","
                        + "\"overrideReason\":{\"userComment\":\"seen by cardiology\"}," + WHEN + "}]}");

        assertThat(entries).extracting(FeedbackRequest.Entry::reasonTag).containsExactly("client", "none");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "[]|$|a feedback request is a JSON object",
                "{}|feedback|an array of one or more feedback entries is required",
                "{\"feedback\":[]}|feedback|an array of one or more feedback entries is required",
                "{\"feedback\":[7]}|feedback[0]|a feedback entry is a JSON object",
                "{\"feedback\":[{\"outcome\":\"overridden\"}]}|feedback[0].card|required",
                "{\"feedback\":[{\"card\":12}]}|feedback[0].card|must be a non-empty string",
                "{\"feedback\":[{\"card\":\"card-1\"}]}|feedback[0].card|'card-1' is not a card's uuid",
                "{\"feedback\":[{\"card\":\"" + CARD + "\"}]}|feedback[0].outcome|required",
                "{\"feedback\":[{\"card\":\"" + CARD + "\",\"outcome\":\"ignored\"}]}|feedback[0].outcome"
                        + "|must be accepted or overridden, not 'ignored'",
                "{\"feedback\":[{\"card\":\"" + CARD + "\",\"outcome\":\"overridden\"}]}|feedback[0].outcomeTimestamp"
                        + "|required",
                "{\"feedback\":[{\"card\":\"" + CARD + "\",\"outcome\":\"overridden\",\"outcomeTimestamp\":"
                        + "\"2026-06-01\"}]}|feedback[0].outcomeTimestamp"
                        + "|'2026-06-01' is not a date and time with a zone (RFC 3339)",
                "{\"feedback\":[{\"card\":\"" + CARD + "\",\"outcome\":\"accepted\"," + WHEN + "}]}"
                        + "|feedback[0].acceptedSuggestions|an accepted card names the suggestions that were accepted",
                "{\"feedback\":[{\"card\":\"" + CARD + "\",\"outcome\":\"accepted\",\"acceptedSuggestions\":[]," + WHEN
                        + "}]}|feedback[0].acceptedSuggestions|an array of one or more {\"id\": ...} objects",
                "{\"feedback\":[{\"card\":\"" + CARD + "\",\"outcome\":\"accepted\",\"acceptedSuggestions\":[{}],"
                        + WHEN + "}]}|feedback[0].acceptedSuggestions[0].id|required",
                "{\"feedback\":[{\"card\":\"" + CARD + "\",\"outcome\":\"overridden\",\"acceptedSuggestions\":"
                        + "[{\"id\":\"s\"}]," + WHEN + "}]}"
                        + "|feedback[0].acceptedSuggestions|only an accepted card has accepted suggestions",
                "{\"feedback\":[{\"card\":\"" + CARD + "\",\"outcome\":\"accepted\",\"acceptedSuggestions\":"
                        + "[{\"id\":\"s\"}],\"overrideReason\":{\"userComment\":\"x\"}," + WHEN + "}]}"
                        + "|feedback[0].overrideReason|only an overridden card has an override reason",
                "{\"feedback\":[{\"card\":\"" + CARD + "\",\"outcome\":\"overridden\",\"overrideReason\":{}," + WHEN
                        + "}]}|feedback[0].overrideReason|an object with a reason, a userComment or both",
                "{\"feedback\":[{\"card\":\"" + CARD + "\",\"outcome\":\"overridden\",\"overrideReason\":"
                        + "{\"reason\":{\"code\":\"will-monitor\"}}," + WHEN + "}]}"
                        + "|feedback[0].overrideReason.reason.system|required",
                "{\"feedback\":[{\"card\":\"" + CARD + "\",\"outcome\":\"overridden\",\"overrideReason\":"
                        + "{\"reason\":{\"system\":\"https://carerelay.org/fhir/CodeSystem/cds-override-reason\","
                        + "\"code\":\"because\"}}," + WHEN + "}]}|feedback[0].overrideReason.reason.code"
                        + "|'because' is not a code of https://carerelay.org/fhir/CodeSystem/cds-override-reason",
            })
    void aMalformedRequestSaysWhatIsWrongAndWhere(String body, String where, String what) {
        assertThatThrownBy(() -> read(body)).isInstanceOfSatisfying(FeedbackRequest.Malformed.class, e -> {
            assertThat(e.where()).isEqualTo(where);
            assertThat(e.getMessage()).isEqualTo(where + ": " + what);
        });
    }

    @Test
    void aKnownCardHoldsFeedbackToTheSuggestionsAndCareRelayReasonsItOffered() throws Exception {
        IssuedCards.Card card = new IssuedCards.Card(
                "dd-nsaid-heart-failure", Set.of("s-1"), OverrideReasons.offered(ConflictRule.DRUG_DISEASE));
        String overridden = "{\"feedback\":[{\"card\":\"" + CARD + "\",\"outcome\":\"overridden\",\"overrideReason\":"
                + "{\"reason\":{\"system\":\"%s\",\"code\":\"%s\"}}," + WHEN + "}]}";

        assertThat(read(String.format(overridden, OverrideReasons.SYSTEM, "will-monitor"))
                        .get(0)
                        .against(card))
                .isNull();
        assertThat(read(String.format(overridden, "https://ehr.example.org/reasons", "d7"))
                        .get(0)
                        .against(card))
                .isNull();
        FeedbackRequest.Malformed notOffered = read(String.format(
                        overridden, OverrideReasons.SYSTEM, "other-order-stopping"))
                .get(0)
                .against(card);
        assertThat(notOffered.where()).isEqualTo("feedback[0].overrideReason.reason");
        assertThat(notOffered.getMessage())
                .isEqualTo("feedback[0].overrideReason.reason: card " + CARD + " does not offer the reason"
                        + " other-order-stopping");

        String accepted = "{\"feedback\":[{\"card\":\"" + CARD + "\",\"outcome\":\"accepted\",\"acceptedSuggestions\":"
                + "[{\"id\":\"%s\"}]," + WHEN + "}]}";
        assertThat(read(String.format(accepted, "s-1")).get(0).against(card)).isNull();
        assertThat(read(String.format(accepted, "s-2")).get(0).against(card).where())
                .isEqualTo("feedback[0].acceptedSuggestions[0].id");
    }

    @Test
    void aDrugDiseaseCardDoesNotOfferThatTheOtherOrderIsStopping() {
        assertThat(OverrideReasons.offered(ConflictRule.DRUG_DISEASE))
                .containsExactly(
                        "benefit-outweighs-risk", "will-monitor", "agreed-with-other-prescriber", "record-out-of-date");
        assertThat(OverrideReasons.offered(ConflictRule.DRUG_DRUG))
                .containsExactly(
                        "benefit-outweighs-risk",
                        "will-monitor",
                        "agreed-with-other-prescriber",
                        "other-order-stopping",
                        "record-out-of-date");
    }
}
