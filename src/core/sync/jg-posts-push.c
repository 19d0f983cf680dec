/* jg-posts-push.c — images, then posts (PROTOCOL.md "Images", "Pushing posts")
 *
 * Every image of a post goes up before the post, resumably: HEAD says how
 * many bytes the server has, the rest follows in chunks with
 * Content-Range, and a 409 says where to resume. The image's state and
 * bytes on the server are kept in post_image after each chunk, for the
 * Sync page; where to resume is always asked of the server, which is what
 * counts after a crash. An image the server refuses (413 too large, 422
 * not an image it reads) is marked failed and its post rejected with the
 * reason: it cannot go until the picture is replaced.
 *
 * Posts go in small batches (the body of one can be tens of kilobytes):
 * each marked "sending", the request sent, its answer applied in one
 * transaction before the next request. The server takes the same
 * (uuid, revision, payload) once, so a batch lost to a crash or a network
 * failure is simply sent again from the posts left "sending".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-post-images.h"
#include "jg-post-states.h"
#include "jg-post-sync.h"
#include "jg-posts-sync-private.h"
#include "jg-sync-limits.h"
#include "jg-validate.h"

static void
report (JgPostsRun *run)
{
  run->total = MAX (run->total, run->done);
  jg_sync_engine_report_progress (&run->self->engine, run->self, run->done, run->total);
}

/* Rejects @item's revision for @issue (taken), here, without the server. */
static gboolean
reject_here (JgPostsRun           *run,
             const JgPostOutgoing *item,
             JgIssue              *issue,
             GError              **error)
{
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_issue_free);
  gboolean applied;

  g_ptr_array_add (issues, issue);
  if (!jg_post_store_set_rejected (run->posts, item->uuid, item->revision, issues, &applied, error))
    return FALSE;
  if (applied)
    run->res->rejected++;
  return TRUE;
}

/* --- images --------------------------------------------------------------- */

typedef enum {
  UPLOAD_DONE,
  UPLOAD_REFUSED,   /* the server will not take these bytes */
} UploadOutcome;

static JsonObject *
parse_object (JsonParser *parser,
              GBytes     *bytes)
{
  JsonNode *root;

  if (bytes == NULL
      || !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

/* Why the server refused an image, in this program's language. */
static char *
refusal_reason (const JgPostImageInfo *info,
                guint                  status,
                GBytes                *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object = parse_object (parser, body);
  g_autoptr(GPtrArray) reasons = object ? jg_posts_reasons (object) : NULL;

  if (status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    return g_strdup_printf (_("The server does not take the picture %.12s…: it is larger than %u MiB. "
                              "Replace it with a smaller one."),
                            info->sha256, JG_PROTOCOL_MAX_IMAGE_BYTES / (1024 * 1024));
  if (reasons != NULL && reasons->len > 0)
    return g_strdup_printf (_("The server does not take the picture %.12s…: %s. Replace it."),
                            info->sha256, ((JgIssue *) g_ptr_array_index (reasons, 0))->message);
  return g_strdup_printf (_("The server does not take the picture %.12s…: it is not a JPEG or PNG "
                            "image it can read. Replace it."), info->sha256);
}

/* Uploads @info from where the server is; *@outcome says how it ended
 * when TRUE; FALSE for a failure that stops the run (network, 5xx). */
static gboolean
upload_image (JgPostsRun             *run,
              const JgPostImageInfo  *info,
              UploadOutcome          *outcome,
              char                  **reason,
              GError                **error)
{
  static const guint head_pass[] = { SOUP_STATUS_NOT_FOUND, 0 };
  static const guint put_pass[] = { SOUP_STATUS_CONFLICT, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                    SOUP_STATUS_UNPROCESSABLE_ENTITY, 0 };
  g_autofree char *path = g_strdup_printf ("api/v1/images/%s", info->sha256);
  g_autoptr(GBytes) head = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  JgHttpRequest request = { .method = SOUP_METHOD_HEAD, .path = path, .pass_statuses = head_pass };
  JgHttpAnswer answer;
  gint64 offset;
  gsize size;

  head = jg_http_client_request (run->http, &request, &answer, run->cancellable, error);
  jg_http_answer_clear (&answer);
  if (head == NULL)
    return FALSE;
  if (answer.status == SOUP_STATUS_OK)
    {
      *outcome = UPLOAD_DONE;
      return jg_post_images_set_upload (run->posts, info->sha256, "uploaded", info->size, NULL, error);
    }
  offset = MAX (answer.upload_offset, 0);

  mapped = g_mapped_file_new (info->path, FALSE, error);
  if (mapped == NULL)
    return FALSE;
  file = g_mapped_file_get_bytes (mapped);
  size = g_bytes_get_size (file);
  if ((gsize) offset > size)
    offset = 0;

  request.method = SOUP_METHOD_PUT;
  request.pass_statuses = put_pass;
  request.content_type = info->mime;
  for (;;)
    {
      gsize length = MIN ((gsize) JG_POSTS_IMAGE_CHUNK_BYTES, size - offset);
      g_autoptr(GBytes) chunk = g_bytes_new_from_bytes (file, offset, length);
      g_autofree char *range = g_strdup_printf ("bytes %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "/%" G_GSIZE_FORMAT,
                                                offset, offset + (gint64) length - 1, size);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;

      if (!jg_post_images_set_upload (run->posts, info->sha256, "uploading", offset, NULL, error))
        return FALSE;
      request.body = chunk;
      request.content_range = range;
      body = jg_http_client_request (run->http, &request, &answer, run->cancellable, error);
      jg_http_answer_clear (&answer);
      if (body == NULL)
        return FALSE;
      object = parse_object (parser, body);
      switch (answer.status)
        {
        case SOUP_STATUS_CONFLICT:
          /* A chunk sent twice, or one lost: resume where the server is. */
          offset = answer.upload_offset >= 0 ? answer.upload_offset
                   : object ? json_object_get_int_member_with_default (object, "offset", 0) : 0;
          if ((gsize) offset > size)
            offset = 0;
          continue;
        case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
        case SOUP_STATUS_UNPROCESSABLE_ENTITY:
          *outcome = UPLOAD_REFUSED;
          *reason = refusal_reason (info, answer.status, body);
          return jg_post_images_set_upload (run->posts, info->sha256, "failed", 0, *reason, error);
        default:
          break;
        }
      if (object == NULL)
        return jg_http_set_malformed (JG_HTTP_FOR_POSTS, _("the answer to an image is not a JSON object"),
                                      error);
      if (json_object_get_boolean_member_with_default (object, "complete", FALSE))
        {
          *outcome = UPLOAD_DONE;
          run->res->images_uploaded++;
          return jg_post_images_set_upload (run->posts, info->sha256, "uploaded", size, NULL, error);
        }
      offset = json_object_get_int_member_with_default (object, "received", -1);
      if (offset <= 0 || (gsize) offset >= size)
        return jg_http_set_malformed (JG_HTTP_FOR_POSTS, _("the answer to an image is not a JSON object"),
                                      error);
      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
    }
}

/* Uploads @item's images; *@ready says whether all are on the server (if
 * not, the post is rejected here with the reason). */
static gboolean
upload_images (JgPostsRun           *run,
               const JgPostOutgoing *item,
               gboolean             *ready,
               GError              **error)
{
  g_autoptr(GPtrArray) images = jg_post_images_list_for_post (run->posts, item->uuid, error);

  *ready = FALSE;
  if (images == NULL)
    return FALSE;
  for (guint i = 0; i < images->len; i++)
    {
      JgPostImageInfo *info = g_ptr_array_index (images, i);
      g_autofree char *reason = NULL;
      UploadOutcome outcome = UPLOAD_DONE;

      if (g_str_equal (info->upload_state, "uploaded"))
        continue;
      if (g_str_equal (info->upload_state, "missing"))
        reason = g_strdup_printf (_("The picture %.12s… is no longer on this computer. Add it again."),
                                  info->sha256);
      else if (g_str_equal (info->upload_state, "failed") && info->error != NULL)
        reason = g_strdup (info->error);
      else
        {
          if (!upload_image (run, info, &outcome, &reason, error))
            return FALSE;
          if (outcome == UPLOAD_REFUSED)
            run->res->images_failed++;
        }
      if (reason != NULL)
        return reject_here (run, item,
                            jg_issue_new ("images", JG_ISSUE_ERROR, "%s",
                                          (const char * const[]) { reason, NULL }, 0),
                            error);
      run->done++;
      report (run);
    }
  *ready = TRUE;
  return TRUE;
}

/* --- posts ---------------------------------------------------------------- */

/* Applies one result of the answer to @item. */
static gboolean
apply_result (JgPostsRun           *run,
              const JgPostOutgoing *item,
              JsonObject           *result,
              GError              **error)
{
  const char *status = json_object_get_string_member_with_default (result, "status", "");
  const char *state = json_object_get_string_member_with_default (result, "state", "in_review");
  guint level = json_object_get_int_member_with_default (result, "level", 1);
  gboolean applied = FALSE;

  if (g_str_equal (status, "accepted"))
    {
      run->res->accepted++;
      if (item->op == 'd')
        return jg_post_store_forget_deleted (run->posts, item->uuid, error);
      /* The same revision sent again after a crash repeats where the post
       * is now; the feed brings the rest (comment, publication time). */
      if (g_str_equal (state, "in_review"))
        return jg_post_store_set_in_review (run->posts, item->uuid, item->revision, level, level,
                                            &applied, error);
      return jg_post_store_unmark_sending (run->posts, item->uuid, item->revision, error);
    }

  run->res->rejected++;
  if (item->op == 'd')
    {
      g_message ("The server refused to delete post %s", item->uuid);
      return TRUE;
    }
  {
    g_autoptr(GPtrArray) reasons = jg_posts_reasons (result);
    return jg_post_store_set_rejected (run->posts, item->uuid, item->revision, reasons, &applied, error);
  }
}

static JsonArray *
check_results (GPtrArray  *batch,
               JsonParser *parser,
               GBytes     *answer,
               GError    **error)
{
  JsonObject *object = parse_object (parser, answer);
  JsonArray *results;

  if (object == NULL || !json_object_has_member (object, "results")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "results")))
    {
      jg_http_set_malformed (JG_HTTP_FOR_POSTS, _("the results are missing"), error);
      return NULL;
    }
  results = json_object_get_array_member (object, "results");
  if (json_array_get_length (results) != batch->len)
    {
      jg_http_set_malformed (JG_HTTP_FOR_POSTS, _("the results do not match the posts sent"), error);
      return NULL;
    }
  for (guint i = 0; i < batch->len; i++)
    {
      JgPostOutgoing *item = g_ptr_array_index (batch, i);
      JsonNode *node = json_array_get_element (results, i);
      JsonObject *result = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (result == NULL
          || g_strcmp0 (json_object_get_string_member_with_default (result, "uuid", NULL), item->uuid) != 0
          || json_object_get_int_member_with_default (result, "revision", -1) != item->revision)
        {
          jg_http_set_malformed (JG_HTTP_FOR_POSTS, _("the results do not match the posts sent"), error);
          return NULL;
        }
    }
  return results;
}

/* Every post of @batch back to "submitted": the server stored none. */
static void
unmark_batch (JgPostsRun *run,
              GPtrArray  *batch)
{
  for (guint i = 0; i < batch->len; i++)
    {
      JgPostOutgoing *item = g_ptr_array_index (batch, i);
      if (item->op == 'u')
        jg_post_store_unmark_sending (run->posts, item->uuid, item->revision, NULL);
    }
}

static gboolean
send_batch (JgPostsRun  *run,
            GPtrArray   *batch,
            GError     **error)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GBytes) request_body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *label = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *day = g_date_time_format (now, "%Y%m%d");
  JgHttpAnswer info;
  JsonArray *results;

  if (batch->len == 0)
    return TRUE;

  /* The label only names the request in the server's log: the server's
   * idempotency is per post, so a resend may carry another. */
  label = g_strdup_printf ("%s-p%" G_GINT64_FORMAT, day, g_get_real_time () % G_USEC_PER_SEC);
  g_string_append (body, "{\"batch\":\"");
  g_string_append (body, label);
  g_string_append (body, "\",\"posts\":[");
  if (!jg_store_begin (run->store, error))
    return FALSE;
  for (guint i = 0; i < batch->len; i++)
    {
      JgPostOutgoing *item = g_ptr_array_index (batch, i);
      g_autofree char *json = jg_post_store_push_json (run->posts, item, error);

      if (json == NULL
          || (item->op == 'u' && !jg_post_store_mark_sending (run->posts, item->uuid, item->revision, error)))
        {
          jg_store_rollback (run->store);
          return FALSE;
        }
      if (i > 0)
        g_string_append_c (body, ',');
      g_string_append (body, json);
    }
  g_string_append (body, "]}");
  if (!jg_store_commit (run->store, error))
    {
      jg_store_rollback (run->store);
      return FALSE;
    }

  run->res->sent += batch->len;
  request_body = g_bytes_new (body->str, body->len);
  answer = jg_http_client_send (run->http, SOUP_METHOD_POST, "api/v1/posts", request_body, NULL, &info,
                                run->cancellable, error);
  run->res->retry_after = info.retry_after;
  jg_http_answer_clear (&info);
  if (answer == NULL)
    {
      /* The server stored nothing, unless a 5xx other than 503 came: then
       * the posts stay "sending" and go again, which it answers once. */
      if (info.status != 0 && (info.status < 500 || info.status == SOUP_STATUS_SERVICE_UNAVAILABLE))
        unmark_batch (run, batch);
      return FALSE;
    }
  results = check_results (batch, parser, answer, error);
  if (results == NULL)
    return FALSE;

  if (!jg_store_begin (run->store, error))
    return FALSE;
  for (guint i = 0; i < batch->len; i++)
    if (!apply_result (run, g_ptr_array_index (batch, i), json_array_get_object_element (results, i), error))
      {
        jg_store_rollback (run->store);
        return FALSE;
      }
  if (!jg_store_commit (run->store, error))
    {
      jg_store_rollback (run->store);
      return FALSE;
    }
  run->done += batch->len;
  report (run);
  g_ptr_array_set_size (batch, 0);
  return TRUE;
}

gboolean
jg_posts_push (JgPostsRun  *run,
               GError     **error)
{
  g_autoptr(GPtrArray) items = jg_post_store_list_outgoing (run->posts, error);
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();

  if (items == NULL)
    return FALSE;
  run->total = items->len;
  report (run);
  for (guint i = 0; i < items->len; i++)
    {
      JgPostOutgoing *item = g_ptr_array_index (items, i);
      gboolean ready = TRUE;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
      if (item->op == 'u' && !upload_images (run, item, &ready, error))
        return FALSE;
      if (!ready)
        continue;
      g_ptr_array_add (batch, item);
      if (batch->len == JG_POSTS_PUSH_BATCH && !send_batch (run, batch, error))
        return FALSE;
    }
  return send_batch (run, batch, error);
}
