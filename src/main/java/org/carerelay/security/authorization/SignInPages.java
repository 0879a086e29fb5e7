package org.carerelay.security.authorization;

import static org.carerelay.security.authorization.Html.escape;
import static org.carerelay.security.authorization.Html.hidden;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.Principal;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carerelay.security.SecurityProperties.Client;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The pages a person sees while an app signs them in: the login form, the patient picker (when the app asks for
 * {@code launch/patient}) and the consent page, which lists the scopes asked and lets the user approve or deny. The
 * consent form posts to Spring Authorization Server's {@code /oauth2/authorize}; the chosen patient travels in the
 * pending authorization, so the token endpoint finds it there.
 */
@Controller
@Conditional(BuiltInAuthorizationServer.class)
final class SignInPages {

    static final String CONSENT = "/oauth2/consent";
    private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

    private final OAuth2AuthorizationService authorizations;
    private final Clients clients;
    private final Users users;
    private final Launches launches;
    private final PatientDirectory patients;

    SignInPages(
            OAuth2AuthorizationService authorizations,
            Clients clients,
            Users users,
            Launches launches,
            PatientDirectory patients) {
        this.authorizations = authorizations;
        this.clients = clients;
        this.users = users;
        this.launches = launches;
        this.patients = patients;
    }

    @GetMapping("/login")
    ResponseEntity<String> login(HttpServletRequest request) {
        String problem = request.getParameter("error") != null
                ? "<p role=\"alert\" class=\"error\">That username and password do not match.</p>"
                : request.getParameter("logout") != null ? Html.paragraph("You are signed out.") : "";
        return Html.page(
                "Sign in",
                problem
                        + "<form method=\"post\" action=\"/login\">"
                        + "<label for=\"username\">Username</label>"
                        + "<input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus>"
                        + "<label for=\"password\">Password</label>"
                        + "<input id=\"password\" name=\"password\" type=\"password\""
                        + " autocomplete=\"current-password\" required>"
                        + Html.csrf(request)
                        + "<button type=\"submit\">Sign in</button></form>");
    }

    @GetMapping(CONSENT)
    ResponseEntity<String> consent(
            @RequestParam(OAuth2ParameterNames.STATE) String state,
            @RequestParam(name = "name", required = false) String name,
            Principal user,
            HttpServletRequest request) {
        Optional<OAuth2Authorization> pending = pending(state, user);
        if (pending.isEmpty()) {
            return expired();
        }
        OAuth2Authorization authorization = pending.get();
        OAuth2AuthorizationRequest asked = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        Client client = clients.find(asked.getClientId()).orElseThrow();
        String patient = authorization.getAttribute(SmartTokens.PATIENT);
        if (patient == null) {
            patient = launchContext(authorization, asked, user.getName());
            if (patient != null) {
                authorization = withPatient(authorization, patient);
            } else if (asked.getAdditionalParameters().containsKey(ScopePolicy.LAUNCH)) {
                return Html.page(
                        HttpStatus.BAD_REQUEST,
                        "Launch expired",
                        Html.paragraph("This launch was used before, has expired or was made by someone else."
                                + " Launch the app again from the list of apps."));
            }
        }
        if (patient == null && asked.getScopes().contains(ScopePolicy.LAUNCH_PATIENT)) {
            return picker(client, state, name, request);
        }
        return approval(client, asked.getScopes(), state, patient, user.getName(), request);
    }

    @PostMapping(CONSENT + "/patient")
    ResponseEntity<String> choosePatient(
            @RequestParam(OAuth2ParameterNames.STATE) String state,
            @RequestParam("patient") String patient,
            Principal user) {
        Optional<OAuth2Authorization> pending = pending(state, user);
        if (pending.isEmpty()) {
            return expired();
        }
        if (patients.find(patient).isEmpty()) {
            return Html.page(
                    HttpStatus.BAD_REQUEST, "Unknown patient", Html.paragraph("There is no patient " + patient + "."));
        }
        if (!users.mayChoose(user.getName(), patient)) {
            return Html.page(
                    HttpStatus.FORBIDDEN, "Not your record", Html.paragraph("You can only choose your own record."));
        }
        withPatient(pending.get(), patient);
        URI next = UriComponentsBuilder.fromPath(CONSENT)
                .queryParam(OAuth2ParameterNames.STATE, "{state}")
                .encode()
                .buildAndExpand(state)
                .toUri();
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(next).build();
    }

    private ResponseEntity<String> picker(Client client, String state, String name, HttpServletRequest request) {
        StringBuilder body = new StringBuilder();
        body.append(Html.paragraph(
                        client.displayName() + " asks to work with one patient's record. Choose the patient."))
                .append("<form method=\"get\" action=\"")
                .append(CONSENT)
                .append("\" role=\"search\">")
                .append(hidden(OAuth2ParameterNames.STATE, state))
                .append("<label for=\"name\">Patient name</label>")
                .append("<input id=\"name\" name=\"name\" value=\"")
                .append(escape(name))
                .append("\" autofocus><button type=\"submit\">Search</button></form>");
        var found = patients.search(name);
        if (found.isEmpty()) {
            body.append(Html.paragraph("No patient matches."));
        } else {
            body.append("<ul class=\"patients\" aria-label=\"Patients found\">");
            for (PatientDirectory.Entry entry : found) {
                body.append("<li><form method=\"post\" action=\"")
                        .append(CONSENT)
                        .append("/patient\">")
                        .append(hidden(OAuth2ParameterNames.STATE, state))
                        .append(hidden("patient", entry.id()))
                        .append(Html.csrf(request))
                        .append("<button type=\"submit\">")
                        .append(escape(entry.name()))
                        .append(", born ")
                        .append(escape(entry.birthDate()))
                        .append("</button></form></li>");
            }
            body.append("</ul>");
        }
        return Html.page("Choose a patient", body.toString());
    }

    private ResponseEntity<String> approval(
            Client client,
            Set<String> scopes,
            String state,
            String patient,
            String username,
            HttpServletRequest request) {
        StringBuilder body = new StringBuilder();
        body.append(Html.paragraph(client.displayName() + " asks for access as " + username + "."));
        if (patient != null) {
            String shown = patients.find(patient)
                    .map(p -> p.name() + ", born " + p.birthDate())
                    .orElse("Patient/" + patient);
            body.append(Html.paragraph("Patient: " + shown));
        }
        body.append("<form method=\"post\" action=\"/oauth2/authorize\">")
                .append(hidden(OAuth2ParameterNames.CLIENT_ID, client.clientId()))
                .append(hidden(OAuth2ParameterNames.STATE, state))
                .append("<fieldset><legend>Allow it to</legend>");
        int n = 0;
        // sign-in and launch scopes first, then resource scopes, each alphabetically: the same page every time
        List<String> ordered = scopes.stream()
                .sorted(Comparator.comparing((String scope) -> !ScopePolicy.NAMED.contains(scope))
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
        for (String scope : ordered) {
            String id = "scope-" + n++;
            body.append("<div><input type=\"checkbox\" name=\"scope\" checked id=\"")
                    .append(id)
                    .append("\" value=\"")
                    .append(escape(scope))
                    .append("\"><label for=\"")
                    .append(id)
                    .append("\">")
                    .append(escape(ScopeText.describe(scope)))
                    .append(" <code>")
                    .append(escape(scope))
                    .append("</code></label></div>");
        }
        body.append("</fieldset><button type=\"submit\">Approve</button></form>")
                .append("<form method=\"post\" action=\"/oauth2/authorize\">")
                .append(hidden(OAuth2ParameterNames.CLIENT_ID, client.clientId()))
                .append(hidden(OAuth2ParameterNames.STATE, state))
                .append("<button type=\"submit\" class=\"secondary\">Deny</button></form>");
        return Html.page("Allow " + client.displayName() + "?", body.toString());
    }

    /** The patient of an EHR launch, redeemed once, for the user who launched. */
    private String launchContext(OAuth2Authorization authorization, OAuth2AuthorizationRequest asked, String user) {
        Object launch = asked.getAdditionalParameters().get(ScopePolicy.LAUNCH);
        if (launch != null && asked.getScopes().contains(ScopePolicy.LAUNCH)) {
            return launches.redeem(launch.toString(), authorization.getRegisteredClientId(), user)
                    .map(Launches.Launch::patient)
                    .orElse(null);
        }
        return asked.getScopes().contains(ScopePolicy.LAUNCH_PATIENT) ? users.patientSelf(user) : null;
    }

    private OAuth2Authorization withPatient(OAuth2Authorization authorization, String patient) {
        OAuth2Authorization updated = OAuth2Authorization.from(authorization)
                .attribute(SmartTokens.PATIENT, patient)
                .build();
        authorizations.save(updated);
        return updated;
    }

    /** The sign-in waiting for this user's consent; empty if unknown or someone else's. */
    private Optional<OAuth2Authorization> pending(String state, Principal user) {
        OAuth2Authorization authorization = authorizations.findByToken(state, STATE);
        return Optional.ofNullable(authorization)
                .filter(a -> user != null && a.getPrincipalName().equals(user.getName()));
    }

    private static ResponseEntity<String> expired() {
        return Html.page(
                HttpStatus.BAD_REQUEST,
                "Sign-in expired",
                Html.paragraph("This sign-in is no longer waiting for an answer. Start again from the app."));
    }
}
