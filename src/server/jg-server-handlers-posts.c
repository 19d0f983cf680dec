/* jg-server-handlers-posts.c — the routes of PROTOCOL.md, "Posts"
 *
 * The HTTP side only: who may ask, what the request says, how the answer
 * is sent. The store is jg-server-posts*.c, images jg-server-images.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-private.h"
#include "jg-server-posts.h"

#include <string.h>

#include "jg-quota.h"

#define POSTS_PREFIX "/api/v1/posts/"
#define PUBLIC_IMAGES_PREFIX "/images/"
#define COLUMN_PREFIX "/column/"
#define TEST_CLOCK_PATH "/api/v1/test/clock"
#define REVIEW_SUFFIX "/review"
#define WITHDRAW_SUFFIX "/withdraw"
#define ROLE_ADMIN "admin"
#define HTML_CONTENT_TYPE "text/html; charset=utf-8"
#define METHODS_GET "GET, HEAD"
#define METHODS_POST "POST"
#define METHODS_IMAGE "GET, HEAD, PUT"
#define ANSWER_BYTES (16 * 1024)

static void
reply_string (SoupServerMessage *msg,
              GString           *out)
{
  gsize length = out->len;

  jg_server_reply_json (msg, SOUP_STATUS_OK, g_string_free (out, FALSE), length);
}

static void
push_posts (JgServer          *self,
            SoupServerMessage *msg)
{
  g_autoptr(JgServerAccount) account = jg_server_authenticate (self, msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GString *out;
  const char *data;
  gsize length;
  guint status;

  if (account == NULL)
    return;
  if (strcmp (account->role, ROLE_ADMIN) != 0)
    {
      jg_server_log ("FORBIDDEN user=%s department=%s wanted=push-posts (role %s)",
                     account->username, account->department, account->role);
      jg_server_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                             "Only an admin account may push posts");
      return;
    }
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (bytes, &length);
  if (data != NULL && length > 0 && !jg_server_json_check (data, length, &message))
    {
      jg_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "%s", message);
      return;
    }
  out = g_string_sized_new (ANSWER_BYTES);
  status = jg_server_posts_push (self->db, account, jg_server_now (self), data, length, out,
                                 &message, &error);
  if (status == SOUP_STATUS_OK)
    {
      reply_string (msg, out);
      return;
    }
  g_string_free (out, TRUE);
  if (status == SOUP_STATUS_BAD_REQUEST)
    jg_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "%s", message);
  else
    jg_server_reply_server_error (msg, error);
}

/* POST /api/v1/posts/{uuid}/review and …/withdraw. */
static void
post_decision (JgServer          *self,
               SoupServerMessage *msg,
               const char        *uuid,
               gboolean           review)
{
  g_autoptr(JgServerAccount) account = jg_server_authenticate (self, msg);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JgServerOutcome outcome = { 0, };
  GString *out;
  JsonObject *body;
  gboolean ok;

  if (account == NULL || !jg_server_request_object (msg, parser, &body))
    return;
  out = g_string_sized_new (ANSWER_BYTES);
  if (review)
    ok = jg_server_posts_review (self->db, account, uuid, body, jg_server_now (self),
                                 &outcome, out, &error);
  else
    ok = jg_server_posts_withdraw (self->db, account, uuid, body, jg_server_now (self),
                                   &outcome, out, &error);
  if (!ok)
    jg_server_reply_server_error (msg, error);
  else if (outcome.status == SOUP_STATUS_OK)
    {
      reply_string (msg, g_steal_pointer (&out));
    }
  else if (outcome.msgid != NULL)
    {
      JgServerReason reason;

      jg_server_outcome_reason (&outcome, &reason);
      jg_server_reply_reason (msg, outcome.status, jg_server_status_word (outcome.status), &reason);
    }
  else
    jg_server_reply_error (msg, outcome.status, jg_server_status_word (outcome.status),
                           "%s", outcome.message);
  if (out != NULL)
    g_string_free (out, TRUE);
  jg_server_outcome_clear (&outcome);
}

static void
posts_feed (JgServer          *self,
            SoupServerMessage *msg,
            gboolean           honour_etag)
{
  jg_server_answer_department_feed (self, msg, JG_SERVER_POSTS_FEED, jg_server_posts_feed, honour_etag);
}

/* The month parameter (the current Shanghai month when absent and
 * @default_now); FALSE after answering 400. *@month 0: all months. */
static gboolean
query_month (SoupServerMessage *msg,
             GHashTable        *params,
             gboolean           default_now,
             gint64             now,
             guint             *year,
             guint             *month)
{
  const char *text = params != NULL ? g_hash_table_lookup (params, "month") : NULL;

  *year = *month = 0;
  if (text == NULL || *text == '\0')
    {
      if (default_now)
        {
          g_autoptr(GDateTime) local = g_date_time_new_from_unix_utc (now + JG_QUOTA_UTC_OFFSET_SECONDS);

          *year = (guint) g_date_time_get_year (local);
          *month = (guint) g_date_time_get_month (local);
        }
      return TRUE;
    }
  if (jg_quota_parse_month (text, year, month))
    return TRUE;
  {
    g_autofree char *shown = jg_server_clip (text);

    jg_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                           "Invalid \"month\": expected YYYY-MM, got \"%s\"", shown);
  }
  return FALSE;
}

static GHashTable *
query_params (SoupServerMessage *msg)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));

  return query != NULL ? soup_form_decode (query) : NULL;
}

static void
posts_quota (JgServer          *self,
             SoupServerMessage *msg)
{
  g_autoptr(JgServerAccount) account = jg_server_authenticate (self, msg);
  g_autoptr(GHashTable) params = query_params (msg);
  g_autoptr(GError) error = NULL;
  GString *out;
  guint year, month;

  if (account == NULL ||
      !query_month (msg, params, TRUE, jg_server_now (self), &year, &month))
    return;
  out = g_string_sized_new (ANSWER_BYTES);
  if (!jg_server_posts_quota (self->db, account->department, year, month, out, &error))
    {
      g_string_free (out, TRUE);
      jg_server_reply_server_error (msg, error);
      return;
    }
  reply_string (msg, out);
}

/* The portal stand-in's page for a department it does not know. */
static const char not_found_page[] =
  "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>未找到</title>"
  "</head><body><p>没有这个部门的专栏。</p></body></html>\n";

/* The public column: JSON, or the HTML page of /column/{department}. */
static void
published (JgServer          *self,
           SoupServerMessage *msg,
           const char        *department,
           gboolean           html)
{
  g_autoptr(GHashTable) params = query_params (msg);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  const char *column = params != NULL ? g_hash_table_lookup (params, "column") : NULL;
  GString *out;
  guint year, month;
  gboolean ok;

  if (department == NULL && params != NULL)
    department = g_hash_table_lookup (params, "department");
  if (department == NULL || *department == '\0')
    {
      jg_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                             "\"department\" is required");
      return;
    }
  if (column != NULL && *column == '\0')
    column = NULL;
  if (column != NULL && !jg_server_posts_column_is_valid (column))
    {
      g_autofree char *shown = jg_server_clip (column);

      jg_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                             "Invalid \"column\": expected dynamics or exposure, got \"%s\"", shown);
      return;
    }
  if (!query_month (msg, params, FALSE, 0, &year, &month))
    return;
  name = jg_server_db_department_name (self->db, department);
  if (name == NULL)
    {
      g_autofree char *shown = jg_server_clip (department);

      if (!html)
        {
          jg_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not-found",
                                 "No such department: %s", shown);
          return;
        }
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      soup_server_message_set_response (msg, HTML_CONTENT_TYPE, SOUP_MEMORY_STATIC,
                                        not_found_page, strlen (not_found_page));
      return;
    }
  out = g_string_sized_new (ANSWER_BYTES);
  ok = html ? jg_server_posts_column_html (self->db, department, column, year, month, out, &error)
            : jg_server_posts_published_json (self->db, department, column, year, month, out, &error);
  if (!ok)
    {
      g_string_free (out, TRUE);
      jg_server_reply_server_error (msg, error);
      return;
    }
  if (!html)
    {
      reply_string (msg, out);
      return;
    }
  {
    gsize length = out->len;

    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Cache-Control", "no-cache");
    soup_server_message_set_response (msg, HTML_CONTENT_TYPE, SOUP_MEMORY_TAKE,
                                      g_string_free (out, FALSE), length);
  }
}

/* POST /api/v1/test/clock {"now": N|null}: only with --test-clock. */
static void
test_clock (JgServer          *self,
            SoupServerMessage *msg)
{
  g_autoptr(JgServerAccount) account = jg_server_authenticate (self, msg);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  JsonNode *n;

  if (account == NULL || !jg_server_request_object (msg, parser, &o))
    return;
  n = o != NULL ? json_object_get_member (o, "now") : NULL;
  if (n != NULL && JSON_NODE_HOLDS_NULL (n))
    self->fixed_now = 0;
  else if (n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64 &&
           json_node_get_int (n) > 0)
    self->fixed_now = json_node_get_int (n);
  else
    {
      jg_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                             "The body must be {\"now\": <unix seconds> or null}");
      return;
    }
  jg_server_log ("jianguan-server: test clock %" G_GINT64_FORMAT, self->fixed_now);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

gboolean
jg_server_answer_posts (JgServer          *self,
                        SoupServerMessage *msg,
                        const char        *path,
                        gboolean           honour_etag)
{
  if (strcmp (path, JG_SERVER_POSTS_PATH) == 0)
    {
      if (jg_server_method_allowed (msg, METHODS_POST))
        push_posts (self, msg);
      return TRUE;
    }
  if (strcmp (path, JG_SERVER_CHANGES_PREFIX JG_SERVER_POSTS_FEED) == 0 ||
      strcmp (path, POSTS_PREFIX "changes") == 0)
    {
      if (jg_server_method_allowed (msg, METHODS_GET))
        posts_feed (self, msg, honour_etag);
      return TRUE;
    }
  if (strcmp (path, JG_SERVER_CHANGES_PREFIX JG_SERVER_WORDING_FEED) == 0 ||
      strcmp (path, "/api/v1/wording/changes") == 0)
    {
      /* Public, as the catalogue. */
      if (jg_server_method_allowed (msg, METHODS_GET))
        jg_server_answer_changes (self, msg, JG_SERVER_WORDING_FEED, JG_SERVER_WORDING_FEED,
                                  honour_etag);
      return TRUE;
    }
  if (strcmp (path, POSTS_PREFIX "quota") == 0)
    {
      if (jg_server_method_allowed (msg, METHODS_GET))
        posts_quota (self, msg);
      return TRUE;
    }
  if (strcmp (path, POSTS_PREFIX "published") == 0)
    {
      if (jg_server_method_allowed (msg, METHODS_GET))
        published (self, msg, NULL, FALSE);
      return TRUE;
    }
  if (g_str_has_prefix (path, POSTS_PREFIX))
    {
      const char *rest = path + strlen (POSTS_PREFIX);
      const char *slash = strchr (rest, '/');
      /* Ids are compared lower-case (PROTOCOL.md, "Limits"). */
      g_autofree char *uuid = slash != NULL ? g_ascii_strdown (rest, slash - rest) : NULL;

      if (slash == NULL || (strcmp (slash, REVIEW_SUFFIX) != 0 && strcmp (slash, WITHDRAW_SUFFIX) != 0))
        return FALSE;
      if (jg_server_method_allowed (msg, METHODS_POST))
        post_decision (self, msg, uuid, strcmp (slash, REVIEW_SUFFIX) == 0);
      return TRUE;
    }
  if (g_str_has_prefix (path, JG_SERVER_IMAGES_PREFIX))
    {
      if (jg_server_method_allowed (msg, METHODS_IMAGE))
        {
          g_autoptr(JgServerAccount) account = jg_server_authenticate (self, msg);
          g_autofree char *sha256 = g_ascii_strdown (path + strlen (JG_SERVER_IMAGES_PREFIX), -1);

          if (account != NULL)
            jg_server_answer_image (self, msg, account, sha256);
        }
      return TRUE;
    }
  if (g_str_has_prefix (path, PUBLIC_IMAGES_PREFIX))
    {
      g_autofree char *sha256 = g_ascii_strdown (path + strlen (PUBLIC_IMAGES_PREFIX), -1);

      if (jg_server_method_allowed (msg, METHODS_GET))
        jg_server_answer_image (self, msg, NULL, sha256);
      return TRUE;
    }
  if (g_str_has_prefix (path, COLUMN_PREFIX) && strchr (path + strlen (COLUMN_PREFIX), '/') == NULL)
    {
      if (jg_server_method_allowed (msg, METHODS_GET))
        published (self, msg, path + strlen (COLUMN_PREFIX), TRUE);
      return TRUE;
    }
  if (self->test_clock && strcmp (path, TEST_CLOCK_PATH) == 0)
    {
      if (jg_server_method_allowed (msg, METHODS_POST))
        test_clock (self, msg);
      return TRUE;
    }
  return FALSE;
}
