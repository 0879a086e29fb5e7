package org.carerelay.exchange;

import ca.uhn.fhir.jpa.ips.generator.IIpsGeneratorSvc;
import ca.uhn.fhir.jpa.ips.provider.IpsOperationProvider;
import org.carerelay.server.OperationProvider;

/**
 * HAPI's International Patient Summary provider ({@code Patient/[id]/$summary}, {@code Patient/$summary?identifier=}),
 * unchanged: the subclass only marks it for the FHIR server to register.
 */
final class SummaryOperation extends IpsOperationProvider implements OperationProvider {

    SummaryOperation(IIpsGeneratorSvc generator) {
        super(generator);
    }
}
