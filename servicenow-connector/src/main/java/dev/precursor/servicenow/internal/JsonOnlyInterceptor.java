package dev.precursor.servicenow.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Rejects a successful answer that is not JSON: a hibernating developer instance answers {@code
 * 200} with an HTML page instead of data, which must not be read as "no records".
 */
public final class JsonOnlyInterceptor implements Interceptor {
  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    if (!response.isSuccessful() || response.code() == 204) {
      return response;
    }
    ResponseBody body = response.body();
    MediaType type = body.contentType();
    if (type != null && type.subtype().contains("json")) {
      return response;
    }
    response.close();
    throw new ServiceNowIoException(
        response.code(),
        true,
        null,
        "answered "
            + (type == null ? "without a content type" : type.type() + "/" + type.subtype())
            + " instead of JSON (a hibernating instance answers an HTML page; wake it up)");
  }
}
