package dev.precursor.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine library stays free of servers, protocols, JDBC drivers and adapters. */
class ModuleBoundaryTest {
  private final JavaClasses engine =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.precursor");

  @Test
  void commonUsesNoServerProtocolOrDriverCode() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.grpc..",
            "io.javalin..",
            "org.eclipse.jetty..",
            "io.netty..",
            "io.opentelemetry.proto..",
            "com.google.protobuf..",
            "org.h2..",
            "org.postgresql..",
            "org.apache.kafka..",
            "retrofit2..",
            "okhttp3..",
            "hudson..",
            "jenkins..")
        .check(engine);
  }

  @Test
  void commonDoesNotDependOnAdapters() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.precursor.jira..",
            "dev.precursor.servicenow..",
            "dev.precursor.otlp..",
            "dev.precursor.api..",
            "dev.precursor.cli..",
            "dev.precursor.grafana..",
            "dev.precursor.jenkins..")
        .check(engine);
  }
}
