package org.carerelay.server;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.OperationDefinition;

/**
 * HAPI's CapabilityStatement provider, which also answers every read of an OperationDefinition with one it generates
 * from the operation methods; a stored OperationDefinition (the ones the features publish, or a client's) was listed
 * by a search but its read answered 404. Here the stored one is read first, and HAPI's generated definitions (which
 * the CapabilityStatement links to) answer for the ids nothing is stored under.
 */
final class CapabilityStatementProvider extends JpaCapabilityStatementProvider {

    private final IFhirResourceDao<OperationDefinition> definitions;

    CapabilityStatementProvider(
            RestfulServer server,
            IFhirSystemDao<?, ?> systemDao,
            JpaStorageSettings storageSettings,
            ISearchParamRegistry searchParamRegistry,
            IValidationSupport validationSupport,
            IFhirResourceDao<OperationDefinition> definitions) {
        super(server, systemDao, storageSettings, searchParamRegistry, validationSupport);
        this.definitions = definitions;
    }

    @Override
    @Read(typeName = "OperationDefinition")
    public IBaseResource readOperationDefinition(@IdParam IIdType id, RequestDetails request) {
        try {
            return definitions.read(id, request);
        } catch (ResourceNotFoundException notStored) {
            return super.readOperationDefinition(id, request);
        }
    }
}
