package org.carerelay.server;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** Why a request body is refused before HAPI parses it, and where in the body (a JSON pointer, an XML line, or empty). */
record BodyRefusal(IssueType type, String message, String location) {}
