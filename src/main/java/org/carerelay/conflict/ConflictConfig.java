package org.carerelay.conflict;

import org.carerelay.caregap.CareGapProperties;
import org.carerelay.conflict.rules.Knowledge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The knowledge the plan-conflict rules apply, read once at start-up (a bad file or setting stops the server). */
@Configuration
class ConflictConfig {

    @Bean
    Knowledge conflictKnowledge(ConflictProperties properties, CareGapProperties careGaps) {
        return properties.load(careGaps);
    }
}
