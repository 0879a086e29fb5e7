package org.carerelay.server;

/**
 * Marks a bean whose hooks belong on the JPA interceptor service (storage pointcuts), so that they also see writes
 * made inside transactions and by internal calls.
 */
public interface StorageInterceptor {}
