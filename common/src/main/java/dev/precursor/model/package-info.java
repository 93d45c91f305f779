@NullMarked
package dev.precursor.model;

import org.jspecify.annotations.NullMarked;
