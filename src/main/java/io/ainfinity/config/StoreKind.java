package io.ainfinity.config;

/** The two supported stores, named as the Quarkus datasources that serve them. */
public enum StoreKind {
    sqlite,
    postgresql
}
