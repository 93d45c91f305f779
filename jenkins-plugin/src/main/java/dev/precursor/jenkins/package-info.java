/**
 * Deploy markers for any CI: {@link dev.precursor.jenkins.DeployMarkerClient} (plain Java, no
 * Jenkins types), the {@code deploy-mark} and {@code deploy-verify} commands, and the CI
 * environment detection they share. The Jenkins plugin adapter (profile {@code jenkins}) and the
 * Pipeline shared library only call into this package.
 */
@NullMarked
package dev.precursor.jenkins;

import org.jspecify.annotations.NullMarked;
