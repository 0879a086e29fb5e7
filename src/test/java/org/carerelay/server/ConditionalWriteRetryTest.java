package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.junit.jupiter.api.Test;

/** Which bundles a version conflict may retry: those whose retry cannot overwrite another client's write. */
class ConditionalWriteRetryTest {

    @Test
    void aConditionalCreateThatLostARaceIsRetried() {
        Bundle bundle = bundle();
        entry(bundle, HTTPVerb.POST, "Patient").setIfNoneExist("identifier=a|1");
        entry(bundle, HTTPVerb.POST, "Observation");

        assertThat(ConditionalWriteRetryInterceptor.isRetryable(bundle)).isTrue();
    }

    @Test
    void aConditionalUpdateIsRetried() {
        Bundle bundle = bundle();
        entry(bundle, HTTPVerb.PUT, "Patient?identifier=a|1");

        assertThat(ConditionalWriteRetryInterceptor.isRetryable(bundle)).isTrue();
    }

    @Test
    void plainCreatesHaveNothingToRetry() {
        Bundle bundle = bundle();
        entry(bundle, HTTPVerb.POST, "Patient");

        assertThat(ConditionalWriteRetryInterceptor.isRetryable(bundle)).isFalse();
    }

    @Test
    void aWriteByIdOrWithIfMatchIsNeverRetried() {
        for (HTTPVerb verb : new HTTPVerb[] {HTTPVerb.PUT, HTTPVerb.PATCH, HTTPVerb.DELETE}) {
            Bundle bundle = bundle();
            entry(bundle, HTTPVerb.POST, "Patient").setIfNoneExist("identifier=a|1");
            entry(bundle, verb, "Task/1");
            assertThat(ConditionalWriteRetryInterceptor.isRetryable(bundle))
                    .as(verb.toCode())
                    .isFalse();
        }
        Bundle withIfMatch = bundle();
        entry(withIfMatch, HTTPVerb.PUT, "Patient?identifier=a|1").setIfMatch("W/\"1\"");
        assertThat(ConditionalWriteRetryInterceptor.isRetryable(withIfMatch)).isFalse();
    }

    private static Bundle bundle() {
        return new Bundle().setType(Bundle.BundleType.TRANSACTION);
    }

    private static Bundle.BundleEntryRequestComponent entry(Bundle bundle, HTTPVerb verb, String url) {
        return bundle.addEntry().getRequest().setMethod(verb).setUrl(url);
    }
}
