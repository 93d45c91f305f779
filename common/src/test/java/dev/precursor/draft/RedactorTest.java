package dev.precursor.draft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private final Redactor redactor =
      new Redactor(Set.of("payments-api", "db.client.connections.usage", "checkout.api.local"));

  @Test
  void masksIpsEmailsHostsAndSecretsConsistently() {
    Redactor.Session s = redactor.session();
    String out =
        s.redact(
            "bob@corp.example.com saw 10.0.0.12:5432 and fe80::1:2:3:4 on db-1.prod.internal;"
                + " again 10.0.0.12; password=hunter2hunter2 Authorization: Bearer abc.def.ghi123"
                + " key AKIAABCDEFGHIJKLMNOP and"
                + " Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1u");
    assertThat(out)
        .isEqualTo(
            "<EMAIL_1> saw <IP_1> and <IP_3> on <HOST_1>; again <IP_2>; password=<SECRET_2>"
                + " Authorization: Bearer <SECRET_3> key <SECRET_1> and <SECRET_4>");
    assertThat(s.counts()).containsEntry("IP", 3).containsEntry("SECRET", 4);
  }

  @Test
  void keepsServiceMetricNamesVersionsAndCommits() {
    Redactor.Session s = redactor.session();
    String in =
        "payments-api 2.14.0 at 14:05:40 (commit 9f3c2ab1e4d5f60718293a4b5c6d7e8f90a1b2c3)"
            + " db.client.connections.usage http.server.error_ratio checkout.api.local";
    assertThat(s.redact(in)).isEqualTo(in);
  }

  @Test
  void restoresSafeValuesButNeverSecrets() {
    Redactor.Session s = redactor.session();
    s.redact("ops@example.com on 192.168.1.20 with token: s3cr3tValue99");
    assertThat(s.restore("<EMAIL_1> at <IP_1> used <SECRET_1>; <HOST_9> unknown"))
        .isEqualTo("ops@example.com at 192.168.1.20 used [redacted]; <HOST_9> unknown");
  }
}
