package org.carerelay.server;

/** Marks a bean whose hooks belong on the RestfulServer (request and response pointcuts). */
public interface ServerInterceptor {}
