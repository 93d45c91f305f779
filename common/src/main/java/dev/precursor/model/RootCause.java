package dev.precursor.model;

/**
 * The probable cause named by a prediction: the service, the kind of cause ({@code deploy}, {@code
 * config}, {@code resource}, {@code dependency}, ...) and a one-line summary.
 */
public record RootCause(String service, String kind, String summary) {}
