@NullMarked
package dev.precursor.server;

import org.jspecify.annotations.NullMarked;
