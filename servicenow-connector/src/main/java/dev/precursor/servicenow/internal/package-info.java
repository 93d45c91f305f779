/** HTTP plumbing of the ServiceNow connector (Retrofit API, auth, retry); not an API. */
@NullMarked
package dev.precursor.servicenow.internal;

import org.jspecify.annotations.NullMarked;
