/* jg-server-posts-public.c — the quota and the published column
 *
 * PROTOCOL.md, "Quota" and "The published column". The column is shown
 * to anyone: only published posts, bodies through the HTML subset's own
 * reader and writer again, image sources rewritten to their public URL,
 * every text escaped, no account name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-posts-private.h"

#include <string.h>

#include "jg-post-html.h"
#include "jg-post-schema.h"
#include "jg-quota.h"

#define PUBLIC_IMAGE_PREFIX "/images/"

gboolean
jg_server_posts_quota (JgServerDb  *db,
                       const char  *department,
                       guint        year,
                       guint        month,
                       GString     *out,
                       GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 start, end;
  char from[sizeof "YYYY-MM-DD"];
  int rc;

  jg_quota_month_bounds (year, month, &start, &end);
  /* One query: each column's rule and its counts. An update is a
   * distinct Shanghai day (jg_quota_day, the SQL face of
   * jg_quota_day_of: jg-server-db.c); a withdrawn post keeps its
   * published_at and counts for the month it was published in. */
  stmt = jg_server_db_prepare_cached (db,
                                      "SELECT q.column_name, q.updates, q.items, COUNT (p.uuid),"
                                      " COUNT (DISTINCT jg_quota_day (p.published_at))"
                                      " FROM quota_rule q LEFT JOIN post p"
                                      "   ON p.column_name = q.column_name AND p.department = ?1"
                                      "  AND p.state IN ('published', 'withdrawn')"
                                      "  AND p.published_at >= ?2 AND p.published_at < ?3"
                                      " GROUP BY q.column_name ORDER BY q.sort", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, department, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, end);

  g_string_append (out, "{\"department\":");
  jg_json_append_string (out, department);
  g_string_append_printf (out, ",\"month\":\"%04u-%02u\",\"columns\":[", year, month);
  for (guint i = 0; (rc = sqlite3_step (stmt)) == SQLITE_ROW; i++)
    {
      gint64 updates_needed = sqlite3_column_int64 (stmt, 1);
      gint64 items_needed = sqlite3_column_int64 (stmt, 2);
      gint64 items = sqlite3_column_int64 (stmt, 3);
      gint64 updates = sqlite3_column_int64 (stmt, 4);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"column\":");
      jg_json_append_string (out, (const char *) sqlite3_column_text (stmt, 0));
      g_string_append_printf (out, ",\"updates_needed\":%" G_GINT64_FORMAT
                              ",\"items_needed\":%" G_GINT64_FORMAT
                              ",\"updates\":%" G_GINT64_FORMAT ",\"items\":%" G_GINT64_FORMAT
                              ",\"met\":%s}",
                              updates_needed, items_needed, updates, items,
                              updates >= updates_needed && items >= items_needed ? "true" : "false");
    }
  if (!jg_server_db_stepped (db, stmt, rc, JG_SERVER_POSTS_READ_FAILED, error))
    return FALSE;
  /* The working days of this month and every later one the city has set,
   * so that a client counts the days left offline into the next months. */
  g_string_append (out, "],\"calendar\":");
  g_snprintf (from, sizeof from, "%04u-%02u-01", year, month);
  if (!jg_server_db_append_work_days (db, from, out, error))
    return FALSE;
  g_string_append_c (out, '}');
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Published posts                                                     */

typedef struct {
  char      *uuid;
  char      *column;
  gint64     revision;
  gint64     published_at;
  JsonNode  *fields;       /* object */
  GPtrArray *images;       /* of char* */
} Published;

static void
published_free (gpointer data)
{
  Published *p = data;

  g_free (p->uuid);
  g_free (p->column);
  g_clear_pointer (&p->fields, json_node_unref);
  g_clear_pointer (&p->images, g_ptr_array_unref);
  g_free (p);
}

/* The body in the subset again, with public image URLs. The writer
 * escapes text and attribute values, so "src=\"jg-image:" only ever
 * starts an image's source. */
static char *
public_body (const char *html)
{
  g_autoptr(JgPostDoc) doc = jg_post_doc_from_html (html, NULL);
  g_autofree char *canonical = jg_post_doc_to_html (doc);
  g_auto(GStrv) parts = g_strsplit (canonical, "src=\"" JG_POST_IMAGE_SCHEME, -1);

  return g_strjoinv ("src=\"" PUBLIC_IMAGE_PREFIX, parts);
}

static const char *
field_text (JsonObject *fields,
            const char *name)
{
  JsonNode *n = json_object_get_member (fields, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

/* Only the fields the column publishes (those with a header in the post
 * schema): not the links to supervision records, the minor flag or the
 * sector, which serve the department and the rules. */
static void
keep_published_fields (const char *column_name,
                       JsonObject *fields)
{
  g_autoptr(GList) names = json_object_get_members (fields);
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func (g_free);
  JgPostColumn column;

  if (!jg_post_column_from_string (column_name, &column))
    return;
  /* Names first: the object owns them, and removing a member frees its. */
  for (GList *l = names; l != NULL; l = l->next)
    {
      const JgPostFieldSpec *spec = jg_post_field_lookup (column, l->data);

      if (spec == NULL || spec->header == NULL)
        g_ptr_array_add (dropped, g_strdup (l->data));
    }
  for (guint i = 0; i < dropped->len; i++)
    json_object_remove_member (fields, dropped->pdata[i]);
}

/* The published posts of @department, newest first. */
static GPtrArray *
read_published (JgServerDb  *db,
                const char  *department,
                const char  *column,
                guint        year,
                guint        month,
                GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (published_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  sqlite3_stmt *stmt;
  gint64 start = 0, end = 0;
  int rc;

  if (month > 0)
    jg_quota_month_bounds (year, month, &start, &end);
  stmt = jg_server_db_prepare_cached (db,
                                      "SELECT uuid, column_name, revision, published_at, fields"
                                      " FROM post WHERE department = ?1 AND state = 'published'"
                                      " AND (?2 IS NULL OR column_name = ?2)"
                                      " AND (?3 = 0 OR (published_at >= ?4 AND published_at < ?5))"
                                      " ORDER BY published_at DESC, uuid", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, department, -1, SQLITE_TRANSIENT);
  if (column != NULL)
    sqlite3_bind_text (stmt, 2, column, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_int (stmt, 3, month > 0);
  sqlite3_bind_int64 (stmt, 4, start);
  sqlite3_bind_int64 (stmt, 5, end);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Published *p = g_new0 (Published, 1);
      const char *fields = (const char *) sqlite3_column_text (stmt, 4);

      p->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      p->column = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      p->revision = sqlite3_column_int64 (stmt, 2);
      p->published_at = sqlite3_column_int64 (stmt, 3);
      if (fields != NULL && json_parser_load_from_data (parser, fields, -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        p->fields = json_node_copy (json_parser_get_root (parser));
      else
        p->fields = json_node_init_object (json_node_alloc (), json_object_new ());
      p->images = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (list, p);
    }
  if (!jg_server_db_stepped (db, stmt, rc, JG_SERVER_POSTS_READ_FAILED, error))
    return NULL;

  stmt = jg_server_db_prepare_cached (db, "SELECT sha256 FROM post_image WHERE uuid = ?1"
                                      " AND revision = ?2 ORDER BY ord", error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < list->len; i++)
    {
      Published *p = list->pdata[i];
      JsonObject *fields = json_node_get_object (p->fields);
      const char *body = field_text (fields, "body");

      sqlite3_bind_text (stmt, 1, p->uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, p->revision);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (p->images, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      if (!jg_server_db_stepped (db, stmt, rc, JG_SERVER_POSTS_READ_FAILED, error))
        return NULL;
      if (body != NULL)
        {
          g_autofree char *shown = public_body (body);

          json_object_set_string_member (fields, "body", shown);
        }
      keep_published_fields (p->column, fields);
    }
  return g_steal_pointer (&list);
}

gboolean
jg_server_posts_published_json (JgServerDb  *db,
                                const char  *department,
                                const char  *column,
                                guint        year,
                                guint        month,
                                GString     *out,
                                GError     **error)
{
  g_autoptr(GPtrArray) list = read_published (db, department, column, year, month, error);
  g_autofree char *name = jg_server_db_department_name (db, department);

  if (list == NULL)
    return FALSE;
  g_string_append (out, "{\"department\":");
  jg_json_append_string (out, department);
  g_string_append (out, ",\"department_name\":");
  jg_json_append_string (out, name != NULL ? name : "");
  g_string_append (out, ",\"column\":");
  if (column != NULL)
    jg_json_append_string (out, column);
  else
    g_string_append (out, "null");
  if (month > 0)
    g_string_append_printf (out, ",\"month\":\"%04u-%02u\"", year, month);
  else
    g_string_append (out, ",\"month\":null");
  g_string_append (out, ",\"posts\":[");
  for (guint i = 0; i < list->len; i++)
    {
      Published *p = list->pdata[i];

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"uuid\":");
      jg_json_append_string (out, p->uuid);
      g_string_append (out, ",\"column\":");
      jg_json_append_string (out, p->column);
      g_string_append_printf (out, ",\"revision\":%" G_GINT64_FORMAT
                              ",\"published_at\":%" G_GINT64_FORMAT ",\"fields\":",
                              p->revision, p->published_at);
      jg_server_append_canonical_json (out, p->fields);
      g_string_append (out, ",\"images\":[");
      for (guint j = 0; j < p->images->len; j++)
        {
          g_autofree char *url = g_strconcat (PUBLIC_IMAGE_PREFIX, p->images->pdata[j], NULL);

          if (j > 0)
            g_string_append_c (out, ',');
          g_string_append (out, "{\"sha256\":");
          jg_json_append_string (out, p->images->pdata[j]);
          g_string_append (out, ",\"url\":");
          jg_json_append_string (out, url);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "]}");
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The HTML page (the 地方监管专栏 stand-in)                            */

/* The page is the portal's, in Chinese: it stands in for the city
 * portal's column, not for the app, and is not translated. */
static const struct {
  const char *column;
  const char *title;
} column_titles[] = {
  { JG_SERVER_COLUMN_DYNAMICS, "监管动态" },
  { JG_SERVER_COLUMN_EXPOSURE, "曝光台" },
};

/* Fields that are the article itself, not rows of its table. */
static const char * const article_fields[] = {
  "title", "summary", "body", "narrative", "author", "tags", NULL
};

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (out, escaped);
}

static void
append_date (GString *out,
             gint64   published_at)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_utc (published_at +
                                                               JG_QUOTA_UTC_OFFSET_SECONDS);
  g_autofree char *iso = g_date_time_format (local, "%Y-%m-%d");

  g_string_append_printf (out, "<p class=\"date\"><time datetime=\"%s\">%d年%d月%d日</time></p>",
                          iso, g_date_time_get_year (local), g_date_time_get_month (local),
                          g_date_time_get_day_of_month (local));
}

static void
append_article (GString   *out,
                Published *p)
{
  JsonObject *fields = json_node_get_object (p->fields);
  const char *title = field_text (fields, "title");
  const char *summary = field_text (fields, "summary");
  const char *body = field_text (fields, "body");
  const char *narrative = field_text (fields, "narrative");
  gboolean exposure = strcmp (p->column, JG_SERVER_COLUMN_EXPOSURE) == 0;

  if (title == NULL || *title == '\0')
    title = field_text (fields, "party_name");
  g_string_append (out, "<article><h3>");
  append_escaped (out, title != NULL && *title != '\0' ? title : "行政处罚信息公示");
  g_string_append (out, "</h3>");
  append_date (out, p->published_at);
  if (summary != NULL && *summary != '\0')
    {
      g_string_append (out, "<p class=\"summary\">");
      append_escaped (out, summary);
      g_string_append (out, "</p>");
    }
  /* Already in the subset, canonical, images public (public_body). */
  if (body != NULL)
    g_string_append_printf (out, "<div class=\"body\">%s</div>", body);
  if (narrative != NULL && *narrative != '\0')
    {
      g_string_append (out, "<p class=\"narrative\">");
      append_escaped (out, narrative);
      g_string_append (out, "</p>");
    }
  if (exposure)
    {
      const JgPostFieldSpec *specs;
      guint n_specs;

      /* The 双公示 table: every field that has a published header, in the
       * schema's order, with the choices' Chinese text. */
      specs = jg_post_fields (JG_POST_EXPOSURE, &n_specs);
      g_string_append (out, "<dl>");
      for (guint i = 0; i < n_specs; i++)
        {
          const char *value = field_text (fields, specs[i].key);
          g_auto(GStrv) parts = NULL;

          if (specs[i].header == NULL || value == NULL || *value == '\0' ||
              g_strv_contains (article_fields, specs[i].key))
            continue;
          g_string_append_printf (out, "<dt>%s</dt><dd>", specs[i].header);
          if (specs[i].type == JG_POST_FIELD_TAGS)
            {
              parts = g_strsplit (value, ";", -1);
              for (guint j = 0; parts[j] != NULL; j++)
                {
                  const char *text = jg_post_choice_get_text (&specs[i], parts[j]);

                  if (j > 0)
                    g_string_append (out, "、");
                  append_escaped (out, text != NULL ? text : parts[j]);
                }
            }
          else
            {
              const char *text = specs[i].choices != NULL
                                 ? jg_post_choice_get_text (&specs[i], value) : NULL;

              append_escaped (out, text != NULL ? text : value);
            }
          g_string_append (out, "</dd>");
        }
      g_string_append (out, "</dl>");
    }
  g_string_append (out, "</article>");
}

gboolean
jg_server_posts_column_html (JgServerDb  *db,
                             const char  *department,
                             const char  *column,
                             guint        year,
                             guint        month,
                             GString     *out,
                             GError     **error)
{
  g_autoptr(GPtrArray) list = read_published (db, department, column, year, month, error);
  g_autofree char *name = jg_server_db_department_name (db, department);
  g_autofree char *base = g_uri_escape_string (department, NULL, FALSE);

  if (list == NULL)
    return FALSE;
  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                        "<meta name=\"viewport\" content=\"width=device-width\"><title>");
  append_escaped (out, name);
  g_string_append (out, " — 地方监管专栏</title><style>"
                        "body{font-family:sans-serif;max-width:48em;margin:auto;padding:1em}"
                        "figure img{max-width:100%}.date{color:#666}dt{font-weight:bold}"
                        "</style></head><body><header><h1>");
  append_escaped (out, name);
  g_string_append (out, "</h1><p>地方监管专栏</p><nav>");
  g_string_append_printf (out, "<a href=\"/column/%s\">全部</a>", base);
  for (guint i = 0; i < G_N_ELEMENTS (column_titles); i++)
    g_string_append_printf (out, " · <a href=\"/column/%s?column=%s\">%s</a>", base,
                            column_titles[i].column, column_titles[i].title);
  g_string_append (out, "</nav>");
  if (month > 0)
    g_string_append_printf (out, "<p>%u年%u月</p>", year, month);
  g_string_append (out, "</header><main>");
  for (guint i = 0; i < G_N_ELEMENTS (column_titles); i++)
    {
      guint shown = 0;

      if (column != NULL && strcmp (column, column_titles[i].column) != 0)
        continue;
      g_string_append_printf (out, "<section id=\"%s\"><h2>%s</h2>",
                              column_titles[i].column, column_titles[i].title);
      for (guint j = 0; j < list->len; j++)
        {
          Published *p = list->pdata[j];

          if (strcmp (p->column, column_titles[i].column) != 0)
            continue;
          append_article (out, p);
          shown++;
        }
      if (shown == 0)
        g_string_append (out, "<p class=\"empty\">暂无内容。</p>");
      g_string_append (out, "</section>");
    }
  g_string_append (out, "</main></body></html>\n");
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Who may see an image                                                */

static gboolean
query_exists (JgServerDb  *db,
              const char  *sql,
              const char  *a,
              const char  *b,
              gboolean    *exists,
              GError     **error)
{
  sqlite3_stmt *stmt = jg_server_db_prepare_cached (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, a, -1, SQLITE_TRANSIENT);
  if (b != NULL)
    sqlite3_bind_text (stmt, 2, b, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *exists = rc == SQLITE_ROW;
  return jg_server_db_stepped (db, stmt, rc, JG_SERVER_POSTS_READ_FAILED, error);
}

gboolean
jg_server_posts_image_is_public (JgServerDb  *db,
                                 const char  *sha256,
                                 gboolean    *is_public,
                                 GError     **error)
{
  return query_exists (db,
                       "SELECT 1 FROM post_image i JOIN post p"
                       " ON p.uuid = i.uuid AND p.revision = i.revision"
                       " WHERE i.sha256 = ?1 AND p.state = 'published' LIMIT 1",
                       sha256, NULL, is_public, error);
}

gboolean
jg_server_posts_image_is_readable (JgServerDb  *db,
                                   const char  *sha256,
                                   const char  *department,
                                   gboolean    *readable,
                                   GError     **error)
{
  return query_exists (db,
                       "SELECT 1 FROM image_owner WHERE sha256 = ?1 AND department = ?2"
                       " UNION ALL SELECT 1 FROM post_image i JOIN post p ON p.uuid = i.uuid"
                       " WHERE i.sha256 = ?1 AND p.department = ?2 LIMIT 1",
                       sha256, department, readable, error);
}
