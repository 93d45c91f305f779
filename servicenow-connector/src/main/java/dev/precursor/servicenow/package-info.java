/**
 * ServiceNow connector: files, updates and resolves incidents through the Table API ({@link
 * dev.precursor.servicenow.ServiceNowTicketSink}) and imports closed incidents into incident memory
 * ({@link dev.precursor.servicenow.ServiceNowIncidentSource}). Both are found through {@link
 * java.util.ServiceLoader}; nothing in the engine calls this package directly.
 */
@NullMarked
package dev.precursor.servicenow;

import org.jspecify.annotations.NullMarked;
