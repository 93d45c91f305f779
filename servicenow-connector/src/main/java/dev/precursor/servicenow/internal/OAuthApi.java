package dev.precursor.servicenow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import retrofit2.Call;
import retrofit2.http.FieldMap;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.POST;

/** ServiceNow's OAuth 2.0 token endpoint. */
public interface OAuthApi {
  @FormUrlEncoded
  @POST("oauth_token.do")
  Call<JsonNode> token(@FieldMap Map<String, String> form);
}
