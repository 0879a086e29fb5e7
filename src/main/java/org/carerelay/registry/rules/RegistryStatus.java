package org.carerelay.registry.rules;

/** Where a patient on the registry stands; the code is public API (the status parameter and the answer). */
public enum RegistryStatus {
    NEW("new"),
    IMPROVING("improving"),
    RESPONSE("response"),
    REMISSION("remission"),
    NOT_IMPROVING("not-improving"),
    NO_RECENT_CONTACT("no-recent-contact");

    private final String code;

    RegistryStatus(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
