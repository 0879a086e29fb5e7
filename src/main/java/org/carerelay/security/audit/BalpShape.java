package org.carerelay.security.audit;

import ca.uhn.fhir.storage.interceptor.balp.BalpConstants;
import ca.uhn.fhir.storage.interceptor.balp.BalpProfileEnum;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;

/**
 * The parts of an AuditEvent as HAPI's BALP interceptor builds them (its builders are private), so that the events
 * CareRelay adds read like BALP's own: the same codes, agents in the same order, entities of the same types.
 */
final class BalpShape {

    static final String ENTITY_TYPE = "https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType";
    private static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";

    private BalpShape() {}

    /** A successful RESTful event observed by this server; a failure sets its outcome later. */
    static AuditEvent event(AuditEventAction action, String base) {
        AuditEvent event = new AuditEvent();
        event.getType()
                .setSystem(BalpConstants.CS_AUDIT_EVENT_TYPE)
                .setCode("rest")
                .setDisplay("Restful Operation");
        event.setAction(action);
        event.setOutcome(AuditEvent.AuditEventOutcome._0);
        event.setRecorded(new Date());
        event.getSource().getObserver().setDisplay(base);
        return event;
    }

    /** The client (with its network address), this server, and the user, who is the requestor. */
    static void agents(AuditEvent event, Reference client, String address, String base, Reference user) {
        AuditEvent.AuditEventAgentComponent source = event.addAgent().setRequestor(false);
        source.getType().addCoding(BalpProfileEnum.BASIC_QUERY.getAgentClientTypeCoding());
        source.setWho(client.setDisplay(address));
        source.getNetwork().setAddress(address).setType(BalpConstants.AUDIT_EVENT_AGENT_NETWORK_TYPE_IP_ADDRESS);

        AuditEvent.AuditEventAgentComponent server = event.addAgent().setRequestor(false);
        server.getType().addCoding(BalpProfileEnum.BASIC_QUERY.getAgentServerTypeCoding());
        server.getWho().setDisplay(base);
        server.getNetwork().setAddress(base);

        AuditEvent.AuditEventAgentComponent requestor = event.addAgent().setRequestor(true);
        requestor.getType().addCoding(new Coding(PARTICIPATION, "IRCP", "information recipient"));
        requestor.setWho(user);
    }

    static void requestId(AuditEvent event, String requestId) {
        AuditEventEntityComponent entity = event.addEntity();
        entity.getType().setSystem(ENTITY_TYPE).setCode("XrequestId");
        entity.getWhat().getIdentifier().setValue(requestId);
    }

    /** The resource a request names. */
    static void data(AuditEvent event, String reference) {
        AuditEventEntityComponent entity = systemObject(event);
        entity.getRole()
                .setSystem(BalpConstants.CS_OBJECT_ROLE)
                .setCode(BalpConstants.CS_OBJECT_ROLE_4_DOMAIN_RESOURCE)
                .setDisplay(BalpConstants.CS_OBJECT_ROLE_4_DOMAIN_RESOURCE_DISPLAY);
        entity.getWhat().setReference(reference);
    }

    /** The request line, as BALP records a search: "GET url" as description, the URL as the query. */
    static void query(AuditEvent event, String method, String url) {
        AuditEventEntityComponent entity = systemObject(event);
        entity.getRole()
                .setSystem(BalpConstants.CS_OBJECT_ROLE)
                .setCode(BalpConstants.CS_OBJECT_ROLE_24_QUERY)
                .setDisplay("Query");
        entity.setDescription(method + " " + url);
        entity.setQuery(url.getBytes(StandardCharsets.UTF_8));
    }

    static void patient(AuditEvent event, String reference) {
        AuditEventEntityComponent entity = event.addEntity();
        entity.getType()
                .setSystem(BalpConstants.CS_AUDIT_ENTITY_TYPE)
                .setCode(BalpConstants.CS_AUDIT_ENTITY_TYPE_1_PERSON)
                .setDisplay(BalpConstants.CS_AUDIT_ENTITY_TYPE_1_PERSON_DISPLAY);
        entity.getRole()
                .setSystem(BalpConstants.CS_OBJECT_ROLE)
                .setCode(BalpConstants.CS_OBJECT_ROLE_1_PATIENT)
                .setDisplay(BalpConstants.CS_OBJECT_ROLE_1_PATIENT_DISPLAY);
        entity.getWhat().setReference(reference);
    }

    private static AuditEventEntityComponent systemObject(AuditEvent event) {
        AuditEventEntityComponent entity = event.addEntity();
        entity.getType()
                .setSystem(BalpConstants.CS_AUDIT_ENTITY_TYPE)
                .setCode(BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT)
                .setDisplay(BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT_DISPLAY);
        return entity;
    }
}
