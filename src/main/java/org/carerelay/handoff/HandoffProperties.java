package org.carerelay.handoff;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The {@code carerelay.handoff} section of {@code hapi.application.yaml}. */
@ConfigurationProperties("carerelay.handoff")
public record HandoffProperties(@DefaultValue("enforce") GuardMode guard) {

    /** What the handoff guard does with a write whose handoff has error findings. */
    public enum GuardMode {
        /** No checks on write. */
        OFF,
        /** Store it; report the findings to the client. */
        WARN,
        /** Refuse it with 422 and the findings. */
        ENFORCE
    }
}
