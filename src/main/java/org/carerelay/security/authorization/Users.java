package org.carerelay.security.authorization;

import java.util.HashMap;
import java.util.Map;
import org.carerelay.security.SecurityProperties;
import org.carerelay.security.SecurityProperties.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The people of {@code carerelay.security.users}: who may sign in (passwords in Spring Security's stored form,
 * {@code {bcrypt}} or {@code {noop}}) and which FHIR resource each one is.
 */
final class Users {

    private final Map<String, String> fhirUsers = new HashMap<>();
    private final InMemoryUserDetailsManager details = new InMemoryUserDetailsManager();

    Users(SecurityProperties security) {
        for (User user : security.users()) {
            if (user.username() == null || user.username().isBlank() || user.password() == null) {
                throw new IllegalStateException("carerelay.security.users: every user needs a username and a password");
            }
            if (!user.password().startsWith("{")) {
                throw new IllegalStateException("carerelay.security.users " + user.username()
                        + ": the password must be in {bcrypt}... or {noop}... form (see README, Security)");
            }
            details.createUser(org.springframework.security.core.userdetails.User.withUsername(user.username())
                    .password(user.password())
                    .roles("USER")
                    .build());
            if (user.fhirUser() != null && !user.fhirUser().isBlank()) {
                fhirUsers.put(user.username(), user.fhirUser());
            }
        }
    }

    UserDetailsService details() {
        return details;
    }

    boolean exists(String username) {
        return details.userExists(username);
    }

    /** The user's FHIR resource ({@code Practitioner/123}), or null. */
    String fhirUser(String username) {
        return fhirUsers.get(username);
    }

    /** The patient a user is, when the user's FHIR resource is a Patient: a patient signs in as themselves. */
    String patientSelf(String username) {
        String fhirUser = fhirUser(username);
        return fhirUser != null && fhirUser.startsWith("Patient/") ? fhirUser.substring("Patient/".length()) : null;
    }

    /** A user who is a patient may choose only their own record; anyone else, any patient. */
    boolean mayChoose(String username, String patient) {
        String self = patientSelf(username);
        return self == null || self.equals(patient);
    }
}
