package dev.precursor.servicenow.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.Credentials;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Adds {@code Authorization: Basic} to every call. Never logs the credentials. */
public final class BasicAuthInterceptor implements Interceptor {
  private final String header;

  public BasicAuthInterceptor(String user, String password) {
    this.header = Credentials.basic(user, password, StandardCharsets.UTF_8);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(chain.request().newBuilder().header("Authorization", header).build());
  }

  @Override
  public String toString() {
    return "BasicAuthInterceptor[****]";
  }
}
