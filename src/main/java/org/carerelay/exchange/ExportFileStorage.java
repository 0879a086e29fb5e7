package org.carerelay.exchange;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.binary.interceptor.BinaryStorageInterceptor;
import org.carerelay.server.StorageInterceptor;
import org.hl7.fhir.r4.model.Base64BinaryType;

/**
 * HAPI's binary storage, unchanged: large Binary content (the NDJSON files of an export among it) is kept in the
 * binary store instead of inside the resource's JSON, and put back when the Binary is read. On the JPA interceptor
 * service, so that the export job's own writes pass through it.
 */
final class ExportFileStorage extends BinaryStorageInterceptor<Base64BinaryType> implements StorageInterceptor {

    ExportFileStorage(FhirContext fhirContext) {
        super(fhirContext);
    }
}
