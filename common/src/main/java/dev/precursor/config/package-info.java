@NullMarked
package dev.precursor.config;

import org.jspecify.annotations.NullMarked;
