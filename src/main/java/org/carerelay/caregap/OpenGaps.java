package org.carerelay.caregap;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The open care gaps of a population on a day, for the features that count them (the coordination metrics): one
 * {@link OpenGap} per patient and rule, every rule, without building reports. A record the rules trip over counts as
 * no gap (the care-gap operations report it as a failure).
 */
public interface OpenGaps {

    /** One open gap: the patient ({@code Patient/id}) and the rule's code. */
    record OpenGap(String patient, String rule) {}

    /**
     * The open gaps at the end of {@code day} (in the practice's zone) of the given patients ({@code Patient/id} keys),
     * or of every patient when none are given.
     */
    List<OpenGap> on(LocalDate day, Optional<? extends Collection<String>> patients, RequestDetails request);
}
