package org.carerelay.server;

/** Marks a bean that provides FHIR operations ({@code @Operation} methods) to register on the RestfulServer. */
public interface OperationProvider {}
