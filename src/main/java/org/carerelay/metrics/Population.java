package org.carerelay.metrics;

import java.util.Optional;
import java.util.Set;

/**
 * Whom a report counts: the patients in scope ({@code subject}, {@code organization}, {@code careTeam}; empty:
 * everyone) and the receiving practitioner ({@code practitioner}; empty: any), as {@code Type/id} keys.
 */
record Population(Optional<Set<String>> patients, Optional<String> receiver) {

    static final Population EVERYONE = new Population(Optional.empty(), Optional.empty());

    boolean includes(String patient) {
        return patients.map(p -> patient != null && p.contains(patient)).orElse(true);
    }
}
