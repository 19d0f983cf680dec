/* jg-server-posts.c — applying a batch of pushed posts
 *
 * PROTOCOL.md, "Pushing posts": one transaction per batch, one decision
 * per post, in the order of the table there. Batches of posts are small
 * (a department writes a few a week), so json-glib reads them; the
 * records' fast reader is for batches of thousands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-posts-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <libsoup/soup.h>

#include "jg-post.h"
#include "jg-post-html.h"
#include "jg-post-validate.h"
#include "jg-protocol.h"
#include "jg-quota.h"

#define MAX_BATCH_NAME 64
/* How much of an unknown member's name a reason repeats. */
#define MAX_SHOWN_KEY 64
#define SHA256_HEX_LENGTH 64
#define UUID_LENGTH 36

enum {
  POST_ACCEPTED = 0,
  POST_FORBIDDEN = SOUP_STATUS_FORBIDDEN,
  POST_CONFLICT = SOUP_STATUS_CONFLICT,
  POST_INVALID = SOUP_STATUS_UNPROCESSABLE_ENTITY,
};

/* One post of the batch, as read. */
typedef struct {
  const char *uuid;
  gint64      revision;
  char        op;           /* 'u' or 'd' */
  const char *column;
  const char *department;
  JsonNode   *fields;       /* object, or NULL for 'd' */
  JsonArray  *images;       /* of 64-hex strings, may be NULL */
  JsonArray  *checks;       /* may be NULL */
} Incoming;

static gboolean
is_uuid (const char *s)
{
  return s != NULL && strlen (s) == UUID_LENGTH && g_uuid_string_is_valid (s);
}

gboolean
jg_server_is_sha256 (const char *s)
{
  if (s == NULL || strlen (s) != SHA256_HEX_LENGTH)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

static const char *
string_member (JsonObject *o,
               const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

/* Ids are compared lower-case (PROTOCOL.md, "Limits"): @node's
 * string (a string node of the request's tree), lowered in place. */
static const char *
canonical_id (JsonNode *node)
{
  g_autofree char *lower = g_ascii_strdown (json_node_get_string (node), -1);

  json_node_set_string (node, lower);
  return json_node_get_string (node);
}

/* Reads post @i of the batch into @in; FALSE with *@message (400). */
static gboolean
read_post (JsonNode  *node,
           guint      i,
           Incoming  *in,
           char     **message)
{
  JsonObject *o;
  JsonNode *n;
  const char *op;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *message = g_strdup_printf ("posts[%u] is not an object", i);
      return FALSE;
    }
  o = json_node_get_object (node);
  in->uuid = string_member (o, "uuid");
  if (!is_uuid (in->uuid))
    {
      *message = g_strdup_printf ("posts[%u]: \"uuid\" is not a UUID", i);
      return FALSE;
    }
  in->uuid = canonical_id (json_object_get_member (o, "uuid"));
  n = json_object_get_member (o, "revision");
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64 ||
      json_node_get_int (n) < 1)
    {
      *message = g_strdup_printf ("posts[%u]: \"revision\" is not an integer >= 1", i);
      return FALSE;
    }
  in->revision = json_node_get_int (n);
  op = string_member (o, "op");
  if (g_strcmp0 (op, "u") != 0 && g_strcmp0 (op, "d") != 0)
    {
      *message = g_strdup_printf ("posts[%u]: \"op\" is not \"u\" or \"d\"", i);
      return FALSE;
    }
  in->op = op[0];
  in->column = string_member (o, "column");
  if (!jg_server_posts_column_is_valid (in->column))
    {
      *message = g_strdup_printf ("posts[%u]: \"column\" is not \"dynamics\" or \"exposure\"", i);
      return FALSE;
    }
  in->department = string_member (o, "department");
  if (in->department == NULL || *in->department == '\0')
    {
      *message = g_strdup_printf ("posts[%u]: \"department\" is missing", i);
      return FALSE;
    }
  n = json_object_get_member (o, "fields");
  if (n != NULL && !JSON_NODE_HOLDS_OBJECT (n))
    {
      *message = g_strdup_printf ("posts[%u]: \"fields\" is not an object", i);
      return FALSE;
    }
  in->fields = n;
  if (n != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (n));

      for (GList *l = members; l != NULL; l = l->next)
        if (string_member (json_node_get_object (n), l->data) == NULL)
          {
            g_autofree char *shown = g_strndup (l->data, MAX_SHOWN_KEY);

            *message = g_strdup_printf ("posts[%u]: the value of field \"%s\" is not a string",
                                        i, shown);
            return FALSE;
          }
    }
  if (in->op == 'u' && n == NULL)
    {
      *message = g_strdup_printf ("posts[%u]: \"fields\" is missing", i);
      return FALSE;
    }
  n = json_object_get_member (o, "images");
  in->images = NULL;
  if (n != NULL && !JSON_NODE_HOLDS_NULL (n))
    {
      if (!JSON_NODE_HOLDS_ARRAY (n))
        {
          *message = g_strdup_printf ("posts[%u]: \"images\" is not an array", i);
          return FALSE;
        }
      in->images = json_node_get_array (n);
      for (guint j = 0; j < json_array_get_length (in->images); j++)
        {
          JsonNode *e = json_array_get_element (in->images, j);

          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING ||
              !jg_server_is_sha256 (canonical_id (e)))
            {
              *message = g_strdup_printf ("posts[%u]: images[%u] is not 64 hex digits", i, j);
              return FALSE;
            }
        }
    }
  n = json_object_get_member (o, "checks");
  in->checks = NULL;
  if (n != NULL && !JSON_NODE_HOLDS_NULL (n))
    {
      if (!JSON_NODE_HOLDS_ARRAY (n))
        {
          *message = g_strdup_printf ("posts[%u]: \"checks\" is not an array", i);
          return FALSE;
        }
      in->checks = json_node_get_array (n);
      for (guint j = 0; j < json_array_get_length (in->checks); j++)
        if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (in->checks, j)))
          {
            *message = g_strdup_printf ("posts[%u]: checks[%u] is not an object", i, j);
            return FALSE;
          }
    }
  return TRUE;
}

/* The stored payload of a revision: what an identical resend is compared
 * with. Member order and spelling do not count. */
static void
canonical_payload (Incoming *in,
                   GString  *out)
{
  g_string_truncate (out, 0);
  g_string_append (out, "{\"checks\":[");
  for (guint i = 0; in->checks != NULL && i < json_array_get_length (in->checks); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      jg_server_append_canonical_json (out, json_array_get_element (in->checks, i));
    }
  g_string_append (out, "],\"column\":");
  jg_json_append_string (out, in->column);
  g_string_append (out, ",\"fields\":");
  jg_server_append_canonical_json (out, in->fields);
  g_string_append (out, ",\"images\":[");
  for (guint i = 0; in->images != NULL && i < json_array_get_length (in->images); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      jg_json_append_string (out, json_array_get_string_element (in->images, i));
    }
  g_string_append (out, "]}");
}

/* ------------------------------------------------------------------ */
/* The rules                                                           */

/* The post's rules: those of the client (jg_post_validate, the shared
 * post model), errors only; warnings travel as the client's checks. A
 * member of "fields" that is not a field of the column is a reason of its
 * own, as for records. */
static void
post_rules (Incoming   *in,
            const char *today,
            GArray     *reasons,
            GPtrArray  *owned,
            GPtrArray  *issues)
{
  JsonObject *fields = json_node_get_object (in->fields);
  g_autoptr(JgPost) post = NULL;
  g_autoptr(GList) members = json_object_get_members (fields);
  JgPostColumn column;

  jg_post_column_from_string (in->column, &column);
  post = jg_post_new (column, in->department);
  jg_post_set_identity (post, in->uuid, (guint) MIN (in->revision, G_MAXUINT),
                        JG_POST_STATE_IN_REVIEW);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;

      if (jg_post_field_index (column, key) >= 0)
        {
          jg_post_set (post, key, string_member (fields, key));
          continue;
        }
      {
        static const char *msgid = N_("“%s” is not a field of a post of %s");
        const char **args = g_new0 (const char *, 3);
        char *shown = g_strndup (key, MAX_SHOWN_KEY);
        const char *label = jg_post_column_get_label_msgid (column);
        JgServerReason r = { key, NULL, msgid, args, 1u << 1 };

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        r.message = g_strdup_printf (msgid, shown, label);
#pragma GCC diagnostic pop
        args[0] = shown;
        args[1] = label;
        g_ptr_array_add (owned, (char *) r.message);
        g_ptr_array_add (owned, shown);
        g_ptr_array_add (owned, args);
        g_array_append_val (reasons, r);
      }
    }

  g_ptr_array_extend_and_steal (issues, jg_post_validate (post, today));
  jg_server_reasons_add_errors (reasons, issues);
}

static void
add_reason (GArray    *reasons,
            GPtrArray *owned,
            const char *field,
            const char *msgid,
            const char *arg)
{
  const char **args = g_new0 (const char *, 2);
  JgServerReason r = { field, NULL, msgid, args, 0 };
  char *m;

  args[0] = g_strdup (arg);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  m = g_strdup_printf (msgid, arg);
#pragma GCC diagnostic pop
  r.message = m;
  g_ptr_array_add (owned, m);
  g_ptr_array_add (owned, (char *) args[0]);
  g_ptr_array_add (owned, args);
  g_array_append_val (reasons, r);
}

/* Every image the post lists or its body shows must be on the server,
 * complete; the body may show only listed ones. */
static gboolean
image_reasons (JgServerDb  *db,
               Incoming    *in,
               GArray      *reasons,
               GPtrArray   *owned,
               GError     **error)
{
  JsonObject *fields = json_node_get_object (in->fields);
  const char *body = string_member (fields, "body");
  g_autoptr(GPtrArray) listed = g_ptr_array_new ();
  sqlite3_stmt *stmt;

  for (guint i = 0; in->images != NULL && i < json_array_get_length (in->images); i++)
    g_ptr_array_add (listed, (gpointer) json_array_get_string_element (in->images, i));

  if (body != NULL)
    {
      g_autoptr(JgPostDoc) doc = jg_post_doc_from_html (body, NULL);
      g_auto(GStrv) shown = jg_post_doc_image_hashes (doc);

      for (guint i = 0; shown != NULL && shown[i] != NULL; i++)
        if (!g_ptr_array_find_with_equal_func (listed, shown[i], g_str_equal, NULL))
          add_reason (reasons, owned, "images",
                      N_("The body shows image %s, which is not among the post's images"),
                      shown[i]);
    }

  stmt = jg_server_db_prepare_cached (db, "SELECT 1 FROM image WHERE sha256 = ?1 AND complete",
                                      error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < listed->len; i++)
    {
      int rc;

      sqlite3_bind_text (stmt, 1, listed->pdata[i], -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        add_reason (reasons, owned, "images",
                    N_("Image %s has not been uploaded completely; upload it before its post"),
                    listed->pdata[i]);
      if (!jg_server_db_stepped (db, stmt, rc, JG_SERVER_POSTS_READ_FAILED, error))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Storing                                                             */

static gboolean
step_text (JgServerDb  *db,
           const char  *sql,
           const char  *uuid,
           gint64       revision,
           GError     **error)
{
  sqlite3_stmt *stmt = jg_server_db_prepare_cached (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, revision);
  return jg_server_db_step_done (db, stmt, JG_SERVER_POSTS_STORE_FAILED, error);
}

static gboolean
store_revision (JgServerDb       *db,
                JgServerAccount  *account,
                Incoming         *in,
                const char       *batch,
                const char       *payload,
                gboolean          is_new,
                gint64            now,
                GError          **error)
{
  g_autoptr(GString) fields = g_string_new (NULL);
  sqlite3_stmt *stmt;
  guint levels;

  if (!jg_server_db_get_review_levels (db, in->department, &levels, error))
    return FALSE;

  stmt = jg_server_db_prepare_cached (db,
                                      "INSERT INTO post_revision (uuid, revision, payload, batch,"
                                      " received_by, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, in->uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, in->revision);
  sqlite3_bind_text (stmt, 3, payload, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, batch, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, account->username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, now);
  if (!jg_server_db_step_done (db, stmt, JG_SERVER_POSTS_STORE_FAILED, error))
    return FALSE;

  stmt = jg_server_db_prepare_cached (db,
                                      "INSERT INTO post_image (uuid, revision, ord, sha256)"
                                      " VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; in->images != NULL && i < json_array_get_length (in->images); i++)
    {
      sqlite3_bind_text (stmt, 1, in->uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, in->revision);
      sqlite3_bind_int (stmt, 3, (int) i);
      sqlite3_bind_text (stmt, 4, json_array_get_string_element (in->images, i), -1,
                         SQLITE_TRANSIENT);
      if (!jg_server_db_step_done (db, stmt, JG_SERVER_POSTS_STORE_FAILED, error))
        return FALSE;
    }

  stmt = jg_server_db_prepare_cached (db,
                                      "INSERT INTO post_check (uuid, revision, ord, field,"
                                      " severity, issue) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; in->checks != NULL && i < json_array_get_length (in->checks); i++)
    {
      JsonNode *issue = json_array_get_element (in->checks, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (issue) ? json_node_get_object (issue) : NULL;
      const char *severity = o != NULL ? string_member (o, "severity") : NULL;
      g_autoptr(GString) text = g_string_new (NULL);

      jg_server_append_canonical_json (text, issue);
      sqlite3_bind_text (stmt, 1, in->uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, in->revision);
      sqlite3_bind_int (stmt, 3, (int) i);
      if (o != NULL && string_member (o, "field") != NULL)
        sqlite3_bind_text (stmt, 4, string_member (o, "field"), -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (stmt, 4);
      sqlite3_bind_text (stmt, 5, severity != NULL ? severity : "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, text->str, text->len, SQLITE_TRANSIENT);
      if (!jg_server_db_step_done (db, stmt, JG_SERVER_POSTS_STORE_FAILED, error))
        return FALSE;
    }

  jg_server_append_canonical_json (fields, in->fields);
  if (is_new)
    stmt = jg_server_db_prepare_cached (db,
                                        "INSERT INTO post (uuid, department, column_name, revision,"
                                        " fields, state, level, levels, created_by, created_at,"
                                        " updated_by, updated_at)"
                                        " VALUES (?1, ?2, ?3, ?4, ?5, 'in_review', 1, ?6, ?7, ?8, ?7, ?8)",
                                        error);
  else
    stmt = jg_server_db_prepare_cached (db,
                                        "UPDATE post SET department = ?2, column_name = ?3,"
                                        " revision = ?4, fields = ?5, state = 'in_review', level = 1,"
                                        " levels = ?6, updated_by = ?7, updated_at = ?8"
                                        " WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, in->uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, in->department, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, in->column, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, in->revision);
  sqlite3_bind_text (stmt, 5, fields->str, fields->len, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, (int) levels);
  sqlite3_bind_text (stmt, 7, account->username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, now);
  if (!jg_server_db_step_done (db, stmt, JG_SERVER_POSTS_STORE_FAILED, error))
    return FALSE;
  return jg_server_posts_put_feed (db, in->uuid, error);
}

/* ------------------------------------------------------------------ */
/* Deciding                                                            */

static void
append_result (GString              *out,
               gboolean              first,
               Incoming             *in,
               guint                 code,
               const JgServerReason *reasons,
               guint                 n_reasons,
               const JgServerPostHead *head)
{
  if (!first)
    g_string_append_c (out, ',');
  g_string_append (out, "{\"uuid\":");
  jg_json_append_string (out, in->uuid);
  g_string_append_printf (out, ",\"revision\":%" G_GINT64_FORMAT, in->revision);
  if (code == POST_ACCEPTED)
    {
      g_string_append (out, ",\"status\":\"accepted\",\"state\":");
      jg_json_append_string (out, head != NULL && head->found ? head->state : JG_SERVER_POST_DELETED);
      g_string_append_printf (out, ",\"level\":%" G_GINT64_FORMAT "}",
                              head != NULL && head->found ? head->level : 0);
      return;
    }
  g_string_append_printf (out, ",\"status\":\"rejected\",\"code\":%u,", code);
  jg_server_append_reasons (out, reasons, n_reasons);
  g_string_append_c (out, '}');
}

/* Appends a rejection with one reason; TRUE, for push_one() to return. */
static gboolean
rejected (GString    *out,
          gboolean    first,
          Incoming   *in,
          guint       code,
          const char *msgid,
          const char *arg)
{
  g_autofree char *message = NULL;
  const char *args[] = { arg, NULL };
  JgServerReason reason = { NULL, NULL, msgid, args, 0 };

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  message = g_strdup_printf (msgid, arg);
#pragma GCC diagnostic pop
  reason.message = message;
  append_result (out, first, in, code, &reason, 1, NULL);
  return TRUE;
}

/* Accepted, with the post's state as it is now. */
static gboolean
accepted (JgServerDb  *db,
          GString     *out,
          gboolean     first,
          Incoming    *in,
          GError     **error)
{
  g_auto(JgServerPostHead) head = { 0, };

  if (!jg_server_posts_read_head (db, in->uuid, &head, error))
    return FALSE;
  append_result (out, first, in, POST_ACCEPTED, NULL, 0, &head);
  return TRUE;
}

static gboolean
read_revision_payload (JgServerDb  *db,
                       const char  *uuid,
                       gint64       revision,
                       char       **payload,
                       GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *payload = NULL;
  stmt = jg_server_db_prepare_cached (db, "SELECT payload FROM post_revision"
                                      " WHERE uuid = ?1 AND revision = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, revision);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *payload = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return jg_server_db_stepped (db, stmt, rc, JG_SERVER_POSTS_READ_FAILED, error);
}

/* Why a post in @state cannot take a new revision. */
static const char *
not_revisable (const char *state)
{
  if (strcmp (state, JG_SERVER_POST_IN_REVIEW) == 0)
    return N_("The post is in review; only a returned post can be revised");
  if (strcmp (state, JG_SERVER_POST_PUBLISHED) == 0)
    return N_("The post is published; withdraw it instead of revising it");
  if (strcmp (state, JG_SERVER_POST_WITHDRAWN) == 0)
    return N_("The post has been withdrawn and cannot be revised");
  return N_("The post has been deleted on the server");
}

static gboolean
push_one (JgServerDb       *db,
          JgServerAccount  *account,
          const char       *batch,
          gint64            now,
          const char       *today,
          Incoming         *in,
          GString          *out,
          gboolean          first,
          GString          *payload,
          GError          **error)
{
  g_auto(JgServerPostHead) head = { 0, };
  g_autofree char *held = NULL;
  char revision_text[24];

  if (strcmp (in->department, account->department) != 0)
    {
      jg_server_account_log_forbidden (account, in->department);
      return rejected (out, first, in, POST_FORBIDDEN,
                       N_("The post belongs to another department"), NULL);
    }
  if (!jg_server_posts_read_head (db, in->uuid, &head, error))
    return FALSE;
  if (head.found && strcmp (head.department, account->department) != 0)
    {
      jg_server_account_log_forbidden (account, head.department);
      return rejected (out, first, in, POST_FORBIDDEN,
                       N_("A post with this uuid belongs to another department"), NULL);
    }
  g_snprintf (revision_text, sizeof revision_text, "%" G_GINT64_FORMAT, head.revision);

  if (in->op == 'd')
    {
      if (!head.found || strcmp (head.state, JG_SERVER_POST_DELETED) == 0)
        return accepted (db, out, first, in, error);
      if (in->revision < head.revision)
        return rejected (out, first, in, POST_CONFLICT,
                         N_("The server holds revision %s, newer than this one"), revision_text);
      if (strcmp (head.state, JG_SERVER_POST_RETURNED) != 0)
        return rejected (out, first, in, POST_CONFLICT,
                         N_("Only a returned post can be deleted; withdraw a published one"),
                         NULL);
      if (!step_text (db, "UPDATE post SET state = 'deleted', revision = MAX (revision, ?2)"
                      " WHERE uuid = ?1", in->uuid, in->revision, error) ||
          !jg_server_posts_put_feed (db, in->uuid, error))
        return FALSE;
      return accepted (db, out, first, in, error);
    }

  canonical_payload (in, payload);
  if (head.found && in->revision <= head.revision &&
      !read_revision_payload (db, in->uuid, in->revision, &held, error))
    return FALSE;
  if (held != NULL)
    {
      if (strcmp (held, payload->str) == 0)
        return accepted (db, out, first, in, error);
      return rejected (out, first, in, POST_CONFLICT,
                       N_("The server already holds this revision with different contents"),
                       NULL);
    }
  if (head.found && in->revision < head.revision)
    return rejected (out, first, in, POST_CONFLICT,
                     N_("The server holds revision %s, newer than this one"), revision_text);
  if (head.found && strcmp (head.column, in->column) != 0)
    return rejected (out, first, in, POST_CONFLICT,
                     N_("A post cannot move to another column"), NULL);
  if (head.found && strcmp (head.state, JG_SERVER_POST_RETURNED) != 0)
    return rejected (out, first, in, POST_CONFLICT, not_revisable (head.state), NULL);

  /* The rules and the images. */
  {
    g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_issue_free);
    g_autoptr(GArray) reasons = g_array_new (FALSE, FALSE, sizeof (JgServerReason));
    g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);

    post_rules (in, today, reasons, owned, issues);
    if (!image_reasons (db, in, reasons, owned, error))
      return FALSE;
    if (reasons->len > 0)
      {
        append_result (out, first, in, POST_INVALID, (JgServerReason *) reasons->data,
                       reasons->len, NULL);
        return TRUE;
      }
  }

  if (!store_revision (db, account, in, batch, payload->str, !head.found, now, error))
    return FALSE;
  return accepted (db, out, first, in, error);
}

guint
jg_server_posts_push (JgServerDb       *db,
                      JgServerAccount  *account,
                      gint64            now,
                      const char       *body,
                      gsize             length,
                      GString          *out,
                      char            **message,
                      GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) payload = g_string_new (NULL);
  g_autoptr(GArray) posts = g_array_new (FALSE, TRUE, sizeof (Incoming));
  JsonObject *root;
  JsonNode *node;
  JsonArray *array;
  const char *batch;
  /* The day dates are "not in the future" of: the Shanghai day. */
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_utc (now + JG_QUOTA_UTC_OFFSET_SECONDS);
  g_autofree char *today = g_date_time_format (local, "%Y-%m-%d");

  *message = NULL;
  if (body == NULL || length == 0 ||
      !json_parser_load_from_data (parser, body, (gssize) length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      *message = g_strdup ("The body is not a JSON object");
      return SOUP_STATUS_BAD_REQUEST;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  batch = string_member (root, "batch");
  if (batch == NULL || *batch == '\0' || g_utf8_strlen (batch, -1) > MAX_BATCH_NAME)
    {
      *message = g_strdup ("\"batch\" is not a string of 1-64 characters");
      return SOUP_STATUS_BAD_REQUEST;
    }
  node = json_object_get_member (root, "posts");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      *message = g_strdup ("\"posts\" is not an array");
      return SOUP_STATUS_BAD_REQUEST;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > JG_PROTOCOL_MAX_BATCH)
    {
      *message = g_strdup_printf ("More than %d posts in one batch", JG_PROTOCOL_MAX_BATCH);
      return SOUP_STATUS_BAD_REQUEST;
    }
  g_array_set_size (posts, json_array_get_length (array));
  for (guint i = 0; i < posts->len; i++)
    if (!read_post (json_array_get_element (array, i), i, &g_array_index (posts, Incoming, i),
                    message))
      return SOUP_STATUS_BAD_REQUEST;

  g_string_append (out, "{\"batch\":");
  jg_json_append_string (out, batch);
  g_string_append (out, ",\"results\":[");
  if (!jg_server_db_exec (db, "BEGIN IMMEDIATE", error))
    return SOUP_STATUS_INTERNAL_SERVER_ERROR;
  for (guint i = 0; i < posts->len; i++)
    if (!push_one (db, account, batch, now, today, &g_array_index (posts, Incoming, i), out, i == 0,
                   payload, error))
      {
        jg_server_db_rollback (db);
        return SOUP_STATUS_INTERNAL_SERVER_ERROR;
      }
  if (!jg_server_db_exec (db, "COMMIT", error))
    {
      jg_server_db_rollback (db);
      return SOUP_STATUS_INTERNAL_SERVER_ERROR;
    }
  g_string_append (out, "]}");
  return SOUP_STATUS_OK;
}
