package dev.precursor.servicenow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import okhttp3.RequestBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.PATCH;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Query;

/**
 * The ServiceNow REST endpoints Precursor calls. Table API calls are pinned to {@code v2}, which
 * answers an empty match with {@code 200 {"result": []}} (v1 answers 404).
 */
public interface ServiceNowApi {
  @GET("api/now/v2/table/{table}")
  Call<JsonNode> query(
      @Path("table") String table,
      @Query("sysparm_query") String query,
      @Query("sysparm_fields") String fields,
      @Query("sysparm_limit") int limit,
      @Query("sysparm_offset") int offset,
      @Query("sysparm_no_count") boolean noCount,
      @Query("sysparm_exclude_reference_link") boolean excludeReferenceLink);

  @POST("api/now/v2/table/{table}")
  Call<JsonNode> create(
      @Path("table") String table,
      @Query("sysparm_input_display_value") boolean inputDisplayValue,
      @Query("sysparm_exclude_reference_link") boolean excludeReferenceLink,
      @Body Map<String, String> fields);

  @PATCH("api/now/v2/table/{table}/{sysId}")
  Call<JsonNode> update(
      @Path("table") String table,
      @Path("sysId") String sysId,
      @Query("sysparm_input_display_value") boolean inputDisplayValue,
      @Query("sysparm_exclude_reference_link") boolean excludeReferenceLink,
      @Body Map<String, String> fields);

  @POST("api/now/attachment/file")
  Call<JsonNode> attach(
      @Query("table_name") String table,
      @Query("table_sys_id") String sysId,
      @Query("file_name") String fileName,
      @Body RequestBody content);

  @GET("api/now/attachment")
  Call<JsonNode> attachments(
      @Query("sysparm_query") String query, @Query("sysparm_limit") int limit);
}
