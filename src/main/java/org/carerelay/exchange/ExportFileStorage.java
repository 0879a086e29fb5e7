package org.carerelay.exchange;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.binary.interceptor.BinaryStorageInterceptor;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import java.io.IOException;
import org.carerelay.server.StorageInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base64BinaryType;
import org.hl7.fhir.r4.model.Binary;

/**
 * HAPI's binary storage for Binary resources (the NDJSON files of an export among them): large content is kept in the
 * binary store instead of inside the resource's JSON, and put back when the Binary is read. On the JPA interceptor
 * service, so that the export job's own writes pass through it. Only a Binary is touched: HAPI would also move the
 * data of a Binary or Attachment contained in another resource, and then fail to encode that resource (a 500 on a
 * valid Patient with a contained photo).
 *
 * <p>So only a shown Binary can hold content kept apart: HAPI's walk of every element of every resource shown (each
 * read, each search page, each {@code $everything}, the guard's reads) is done only when a Binary is among them.
 */
final class ExportFileStorage extends BinaryStorageInterceptor<Base64BinaryType> implements StorageInterceptor {

    ExportFileStorage(FhirContext fhirContext) {
        super(fhirContext);
    }

    @Override
    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void extractLargeBinariesBeforeCreate(
            RequestDetails request, TransactionDetails transaction, IBaseResource resource, Pointcut pointcut)
            throws IOException {
        if (resource instanceof Binary) {
            super.extractLargeBinariesBeforeCreate(request, transaction, resource, pointcut);
        }
    }

    @Override
    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void extractLargeBinariesBeforeUpdate(
            RequestDetails request,
            TransactionDetails transaction,
            IBaseResource previous,
            IBaseResource resource,
            Pointcut pointcut)
            throws IOException {
        if (resource instanceof Binary) {
            super.extractLargeBinariesBeforeUpdate(request, transaction, previous, resource, pointcut);
        }
    }

    @Override
    @Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
    public void preShow(IPreResourceShowDetails shown, RequestDetails request) throws IOException {
        for (IBaseResource resource : shown) {
            if (resource instanceof Binary) {
                super.preShow(shown, request);
                return;
            }
        }
    }
}
