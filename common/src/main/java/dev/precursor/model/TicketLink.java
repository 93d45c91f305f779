package dev.precursor.model;

/** A ticket filed for a situation: system ({@code jira}, {@code servicenow}), key and URL. */
public record TicketLink(String system, String key, String url) {}
