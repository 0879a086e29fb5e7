package org.carerelay.security.authorization;

import static org.carerelay.security.authorization.Html.escape;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import org.carerelay.security.Endpoints;
import org.carerelay.security.SecurityProperties.Client;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * EHR launch: a signed-in user picks a registered app and a patient and presses Launch; the app's {@code launch-uri}
 * opens with {@code iss} (this FHIR server) and an opaque, single-use {@code launch} standing for the patient.
 */
@Controller
@Conditional(BuiltInAuthorizationServer.class)
final class AppsPage {

    static final String PATH = "/apps";

    private final Clients clients;
    private final Users users;
    private final Launches launches;
    private final PatientDirectory patients;
    private final String fhirBase;

    AppsPage(Clients clients, Users users, Launches launches, PatientDirectory patients, Endpoints endpoints) {
        this.clients = clients;
        this.users = users;
        this.launches = launches;
        this.patients = patients;
        this.fhirBase = endpoints.fhirBase();
    }

    @GetMapping(PATH)
    ResponseEntity<String> apps(
            @RequestParam(name = "name", required = false) String name, Principal user, HttpServletRequest request) {
        List<Client> apps = clients.launchable();
        StringBuilder body = new StringBuilder(Html.paragraph("Signed in as " + user.getName() + "."));
        if (apps.isEmpty()) {
            body.append(Html.paragraph("No app has a launch-uri configured (carerelay.security.clients)."));
            return Html.page("Launch an app", body.toString());
        }
        body.append("<form method=\"get\" action=\"")
                .append(PATH)
                .append("\" role=\"search\"><label for=\"name\">Patient name</label><input id=\"name\" name=\"name\""
                        + " value=\"")
                .append(escape(name))
                .append("\"><button type=\"submit\">Search</button></form>");
        String self = users.patientSelf(user.getName());
        // a person who is a patient launches apps on their own record only, and sees no one else's name
        List<PatientDirectory.Entry> found = self == null
                ? patients.search(name)
                : patients.find(self).stream().toList();
        body.append("<form method=\"post\" action=\"").append(PATH).append("/launch\">");
        body.append("<fieldset><legend>App</legend>");
        int n = 0;
        for (Client app : apps) {
            String id = "app-" + n;
            body.append("<div><input type=\"radio\" name=\"app\" required id=\"")
                    .append(id)
                    .append("\" value=\"")
                    .append(escape(app.clientId()))
                    .append(n++ == 0 ? "\" checked>" : "\">")
                    .append("<label for=\"")
                    .append(id)
                    .append("\">")
                    .append(escape(app.displayName()))
                    .append("</label></div>");
        }
        body.append("</fieldset><fieldset><legend>Patient</legend>");
        if (found.isEmpty()) {
            body.append(Html.paragraph("No patient matches."));
        }
        n = 0;
        for (PatientDirectory.Entry patient : found) {
            String id = "patient-" + n++;
            body.append("<div><input type=\"radio\" name=\"patient\" required id=\"")
                    .append(id)
                    .append("\" value=\"")
                    .append(escape(patient.id()))
                    .append("\"><label for=\"")
                    .append(id)
                    .append("\">")
                    .append(escape(patient.name() + ", born " + patient.birthDate()))
                    .append("</label></div>");
        }
        body.append("</fieldset>").append(Html.csrf(request)).append("<button type=\"submit\">Launch</button></form>");
        return Html.page("Launch an app", body.toString());
    }

    @PostMapping(PATH + "/launch")
    ResponseEntity<String> launch(
            @RequestParam("app") String app, @RequestParam("patient") String patient, Principal user) {
        Optional<Client> client =
                clients.find(app).filter(c -> clients.launchable().contains(c));
        if (client.isEmpty() || patients.find(patient).isEmpty() || !users.mayChoose(user.getName(), patient)) {
            return Html.page(
                    HttpStatus.BAD_REQUEST,
                    "Cannot launch",
                    Html.paragraph("Choose one of the listed apps and patients."));
        }
        String launch = launches.create(app, user.getName(), patient);
        URI target = UriComponentsBuilder.fromUriString(client.get().launchUri())
                .queryParam("iss", "{iss}")
                .queryParam("launch", "{launch}")
                .encode()
                .buildAndExpand(fhirBase, launch)
                .toUri();
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(target).build();
    }
}
