/* jg-server-coverage.c — coverage and the city's view
 *
 * PROTOCOL.md, "Coverage" and "The city's view": the authoritative
 * coverage figure of a department (from accepted records only), the
 * targets the city sets, and the table of every department for a `city`
 * account. The arithmetic (percentages, the target of a day, the gap) is
 * jg-coverage-rules.c's, the very code the client computes its own figure
 * with. Only this file writes coverage_target.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-coverage.h"
#include "jg-server-db-private.h"
#include "jg-server-posts.h"

#include <string.h>

#include "jg-coverage-rules.h"
#include "jg-json.h"
#include "jg-quota.h"
#include "jg-record-schema.h"

#define ANSWER_BYTES (16 * 1024)
#define READ_FAILED "Could not read the coverage"
#define STATUS_IN_USE "01"
#define REJECTED_STATE "rejected"
#define RECORDS_FEED_PREFIX "records/"

typedef struct {
  char  *code;
  char  *name;
  char  *action_type;
  char  *body;
  guint  count;         /* the department's accepted records in the period */
  guint  city_count;    /* every department's */
} Item;

static void
item_free (Item *item)
{
  g_free (item->code);
  g_free (item->name);
  g_free (item->action_type);
  g_free (item->body);
  g_free (item);
}

typedef struct {
  guint            items;
  guint            covered;
  JgCoverageTarget target;
  guint            target_items;
  guint            gap;
  GPtrArray       *per_item;    /* of Item */
} Figure;

static void
figure_clear (Figure *figure)
{
  g_clear_pointer (&figure->per_item, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Figure, figure_clear)

/* The JSON path of a record's main date, one CASE over the kinds of
 * jg-record-schema.c (fixed text, built once). */
static const char *
main_date_sql (void)
{
  static gsize sql;

  if (g_once_init_enter (&sql))
    {
      GString *s = g_string_new ("substr (json_extract (rr.payload, CASE r.kind");

      for (guint k = 0; k < JG_RECORD_N_KINDS; k++)
        g_string_append_printf (s, " WHEN '%s' THEN '$.fields.%s'", jg_record_kind_to_string (k),
                                jg_record_kind_date_key (k));
      g_string_append (s, " END), 1, 10)");
      g_once_init_leave (&sql, (gsize) g_string_free (s, FALSE));
    }
  return (const char *) sql;
}

/* Accepted records (their newest accepted revision, not deleted) whose
 * main date is in [?2, ?3]: the FROM and WHERE every count shares. */
#define ACCEPTED_IN_PERIOD(date) \
  " FROM record r JOIN record_revision rr ON rr.uuid = r.uuid AND rr.revision = r.revision" \
  " WHERE r.op <> 'd' AND " date " BETWEEN ?2 AND ?3"

static GArray *
read_targets (JgServerDb  *db,
              GError     **error)
{
  g_autofree char *text = jg_server_db_get_coverage_targets (db, error);
  GArray *rules = NULL;

  if (text == NULL)
    return NULL;
  if (!jg_coverage_rules_parse (text, &rules))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Invalid coverage targets: %s", text);
      return NULL;
    }
  return rules;
}

/* Accepted records in [@from, @to] by department and item, one pass:
 * "DEPT\tCODE" → count, and "\tCODE" → the whole city's. The city's
 * table reads it once for every department. */
static GHashTable *
read_counts (JgServerDb  *db,
             const char  *from,
             const char  *to,
             GError     **error)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  sql = g_strdup_printf ("SELECT r.department, json_extract (rr.payload, '$.fields.catalogue_code'),"
                         " COUNT (*)" ACCEPTED_IN_PERIOD ("%s") " GROUP BY 1, 2", main_date_sql ());
  stmt = jg_server_db_prepare_cached (db, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 2, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *department = (const char *) sqlite3_column_text (stmt, 0);
      const char *code = (const char *) sqlite3_column_text (stmt, 1);
      guint n = (guint) sqlite3_column_int64 (stmt, 2);
      char *city_key;

      if (department == NULL || code == NULL)
        continue;
      g_hash_table_insert (counts, g_strconcat (department, "\t", code, NULL), GUINT_TO_POINTER (n));
      city_key = g_strconcat ("\t", code, NULL);
      g_hash_table_insert (counts, city_key,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, city_key)) + n));
    }
  if (!jg_server_db_stepped (db, stmt, rc, READ_FAILED, error))
    return NULL;
  return g_steal_pointer (&counts);
}

/* The items of @department with their counts (from read_counts()) and
 * the target of @to. */
static gboolean
compute (JgServerDb  *db,
         const char  *department,
         const char  *to,
         GArray      *targets,
         GHashTable  *counts,
         Figure      *figure,
         GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  memset (figure, 0, sizeof *figure);
  figure->per_item = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);

  /* An item is a sub-item in use with an implementation entry of the
   * department; its body the delegated body of that entry, else the
   * implementing one (the first in code order when it has several). */
  stmt = jg_server_db_prepare_cached (db,
                                      "SELECT s.key, json_extract (s.data, '$.name'),"
                                      " json_extract (s.data, '$.action_type'),"
                                      " MIN (COALESCE (json_extract (i.data, '$.delegated_name'),"
                                      "                json_extract (i.data, '$.body_name')))"
                                      " FROM change i JOIN change s ON s.feed = 'catalogue'"
                                      "  AND s.type = 'subitem' AND s.op = 'put'"
                                      "  AND s.key = json_extract (i.data, '$.subitem')"
                                      " WHERE i.feed = 'catalogue' AND i.type = 'implementation'"
                                      "  AND i.op = 'put' AND json_extract (i.data, '$.body_code') = ?1"
                                      "  AND json_extract (s.data, '$.status') = '" STATUS_IN_USE "'"
                                      " GROUP BY s.key ORDER BY s.key", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, department, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Item *item = g_new0 (Item, 1);
      g_autofree char *key = NULL;

      item->code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      item->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      item->action_type = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      item->body = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      key = g_strconcat (department, "\t", item->code, NULL);
      item->count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));
      item->city_count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key + strlen (department)));
      g_ptr_array_add (figure->per_item, item);
      figure->items++;
      if (item->count > 0)
        figure->covered++;
    }
  if (!jg_server_db_stepped (db, stmt, rc, READ_FAILED, error))
    return FALSE;

  jg_coverage_target_for (targets, to, &figure->target);
  figure->target_items = jg_coverage_target_items (figure->items, figure->target.percent);
  figure->gap = jg_coverage_gap (figure->items, figure->covered, figure->target.percent);
  return TRUE;
}

static void
append_percent (GString *out,
                guint    items,
                guint    covered)
{
  double percent = jg_coverage_percent (items, covered);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (percent < 0)
    g_string_append (out, "null");
  else
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.1f", percent));
}

static void
append_date_or_null (GString    *out,
                     const char *date)
{
  jg_json_append_string_or_null (out, date != NULL && *date != '\0' ? date : NULL);
}

/* items, covered, coverage, target_items, gap */
static void
append_figures (GString      *out,
                const Figure *figure)
{
  g_string_append_printf (out, "\"items\":%u,\"covered\":%u,\"coverage\":",
                          figure->items, figure->covered);
  append_percent (out, figure->items, figure->covered);
  g_string_append_printf (out, ",\"target_items\":%u,\"gap\":%u", figure->target_items, figure->gap);
}

/* --- GET /api/v1/coverage --------------------------------------------------- */

static gboolean
is_city (JgServerAccount *account)
{
  return g_strcmp0 (account->role, JG_SERVER_ROLE_CITY) == 0;
}

static void
forbid (SoupServerMessage *msg,
        JgServerAccount   *account,
        const char        *wanted,
        const char        *message)
{
  jg_server_account_log_forbidden (account, wanted);
  jg_server_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", "%s", message);
}

/* The date parameter @name into @out, @fallback when absent; FALSE after
 * answering 400. */
static gboolean
query_date (SoupServerMessage *msg,
            GHashTable        *params,
            const char        *name,
            const char        *fallback,
            char               out[JG_COVERAGE_DATE_SIZE])
{
  const char *text = params != NULL ? g_hash_table_lookup (params, name) : NULL;

  if (text == NULL || *text == '\0')
    text = fallback;
  if (jg_coverage_date_is_valid (text))
    {
      g_strlcpy (out, text, JG_COVERAGE_DATE_SIZE);
      return TRUE;
    }
  {
    g_autofree char *shown = jg_server_clip (text);

    jg_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                           "Invalid \"%s\": expected a date YYYY-MM-DD, got \"%s\"", name, shown);
  }
  return FALSE;
}

static GHashTable *
query_params (SoupServerMessage *msg)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));

  return query != NULL ? soup_form_decode (query) : NULL;
}

void
jg_server_answer_coverage (JgServer          *self,
                           SoupServerMessage *msg,
                           gboolean           honour_etag)
{
  g_autoptr(JgServerAccount) account = jg_server_authenticate (self, msg);
  g_autoptr(GHashTable) params = query_params (msg);
  g_autoptr(GArray) targets = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_auto(Figure) figure = { 0 };
  char today[JG_COVERAGE_DATE_SIZE], from[JG_COVERAGE_DATE_SIZE], to[JG_COVERAGE_DATE_SIZE];
  char year_start[JG_COVERAGE_DATE_SIZE];
  const char *department;
  GString *out;
  gsize length;

  if (account == NULL)
    return;
  department = params != NULL ? g_hash_table_lookup (params, "department") : NULL;
  if (department == NULL || *department == '\0')
    department = account->department;
  if (strcmp (department, account->department) != 0 && !is_city (account))
    {
      forbid (msg, account, "coverage", "Only a city account may read another department's coverage");
      return;
    }
  jg_coverage_date_of (jg_server_now (self), today);
  if (!query_date (msg, params, "to", today, to))
    return;
  g_snprintf (year_start, sizeof year_start, "%.4s-01-01", to);
  if (!query_date (msg, params, "from", year_start, from))
    return;
  if (strcmp (from, to) > 0)
    {
      jg_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                             "\"from\" (%s) is after \"to\" (%s)", from, to);
      return;
    }
  name = jg_server_db_department_name (self->db, department);
  if (name == NULL)
    {
      g_autofree char *shown = jg_server_clip (department);

      jg_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                             "There is no department %s in the catalogue", shown);
      return;
    }
  targets = read_targets (self->db, &error);
  counts = targets != NULL ? read_counts (self->db, from, to, &error) : NULL;
  if (counts == NULL || !compute (self->db, department, to, targets, counts, &figure, &error))
    {
      jg_server_reply_server_error (msg, error);
      return;
    }

  out = g_string_sized_new (ANSWER_BYTES);
  g_string_append (out, "{\"department\":");
  jg_json_append_string (out, department);
  g_string_append (out, ",\"department_name\":");
  jg_json_append_string (out, name);
  g_string_append_printf (out, ",\"from\":\"%s\",\"to\":\"%s\",", from, to);
  append_figures (out, &figure);
  g_string_append_printf (out, ",\"target\":%u,\"target_from\":", figure.target.percent);
  append_date_or_null (out, figure.target.from);
  if (figure.target.next_from[0] != '\0')
    g_string_append_printf (out, ",\"next_target\":%u", figure.target.next_percent);
  else
    g_string_append (out, ",\"next_target\":null");
  g_string_append (out, ",\"next_target_from\":");
  append_date_or_null (out, figure.target.next_from);
  /* The rules themselves, so that the client applies them to any day. */
  {
    g_autofree char *rules = jg_coverage_rules_to_string (targets);

    g_string_append (out, ",\"targets\":");
    jg_json_append_string (out, rules);
  }
  g_string_append (out, ",\"per_item\":[");
  for (guint i = 0; i < figure.per_item->len; i++)
    {
      const Item *item = g_ptr_array_index (figure.per_item, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"code\":");
      jg_json_append_string (out, item->code);
      g_string_append (out, ",\"name\":");
      jg_json_append_string_or_null (out, item->name);
      g_string_append (out, ",\"action_type\":");
      jg_json_append_string_or_null (out, item->action_type);
      g_string_append (out, ",\"body\":");
      jg_json_append_string_or_null (out, item->body);
      g_string_append_printf (out, ",\"count\":%u,\"city_count\":%u}", item->count, item->city_count);
    }
  g_string_append (out, "]}");
  length = out->len;
  jg_server_reply_json (msg, SOUP_STATUS_OK, g_string_free (out, FALSE), length);
}

/* --- GET /api/v1/city/departments ------------------------------------------- */

typedef struct {
  guint  by_kind[JG_RECORD_N_KINDS];
  guint  updates[JG_QUOTA_N_COLUMNS];
  guint  items[JG_QUOTA_N_COLUMNS];
  guint  rejected_open;
  gint64 last_sync;     /* 0: never */
} Extras;

static Extras *
extras_of (GHashTable *extras,
           const char *department)
{
  Extras *e = g_hash_table_lookup (extras, department);

  if (e == NULL)
    {
      e = g_new0 (Extras, 1);
      g_hash_table_insert (extras, g_strdup (department), e);
    }
  return e;
}

/* What the table shows besides coverage, every department at once: the
 * month's accepted records by kind, posts, open rejections, last sync. */
static gboolean
read_extras (JgServerDb  *db,
             guint        year,
             guint        month,
             GHashTable  *extras,
             GError     **error)
{
  g_autofree char *sql = NULL;
  char first[JG_COVERAGE_DATE_SIZE], last[JG_COVERAGE_DATE_SIZE];
  gint64 start, end;
  sqlite3_stmt *stmt;
  int rc;

  g_snprintf (first, sizeof first, "%04u-%02u-01", year, month);
  jg_coverage_month_end (year, month, last);
  sql = g_strdup_printf ("SELECT r.department, r.kind, COUNT (*)" ACCEPTED_IN_PERIOD ("%s")
                         " GROUP BY 1, 2", main_date_sql ());
  stmt = jg_server_db_prepare_cached (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 2, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, last, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JgRecordKind kind;

      if (jg_record_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &kind))
        extras_of (extras, (const char *) sqlite3_column_text (stmt, 0))->by_kind[kind] =
          (guint) sqlite3_column_int64 (stmt, 2);
    }
  if (!jg_server_db_stepped (db, stmt, rc, READ_FAILED, error))
    return FALSE;

  /* As the quota counts them (jg-server-posts-public.c): a withdrawn post
   * counts for the month it was published in. */
  jg_quota_month_bounds (year, month, &start, &end);
  stmt = jg_server_db_prepare_cached (db,
                                      "SELECT department, column_name, COUNT (uuid),"
                                      " COUNT (DISTINCT jg_quota_day (published_at)) FROM post"
                                      " WHERE state IN ('published', 'withdrawn')"
                                      " AND published_at >= ?1 AND published_at < ?2"
                                      " GROUP BY 1, 2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, end);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *column = (const char *) sqlite3_column_text (stmt, 1);
      JgQuotaColumn c = g_strcmp0 (column, "exposure") == 0 ? JG_QUOTA_EXPOSURE : JG_QUOTA_DYNAMICS;
      Extras *e = extras_of (extras, (const char *) sqlite3_column_text (stmt, 0));

      e->items[c] = (guint) sqlite3_column_int64 (stmt, 2);
      e->updates[c] = (guint) sqlite3_column_int64 (stmt, 3);
    }
  if (!jg_server_db_stepped (db, stmt, rc, READ_FAILED, error))
    return FALSE;

  /* A record's state in its department's feed is its latest: rejected
   * until a later revision is accepted. */
  stmt = jg_server_db_prepare_cached (db,
                                      "SELECT substr (feed, length ('" RECORDS_FEED_PREFIX "') + 1),"
                                      " COUNT (*) FROM change"
                                      " WHERE feed LIKE '" RECORDS_FEED_PREFIX "%' AND type = 'record'"
                                      " AND op = 'put' AND json_extract (data, '$.state') = '"
                                      REJECTED_STATE "' GROUP BY feed", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    extras_of (extras, (const char *) sqlite3_column_text (stmt, 0))->rejected_open =
      (guint) sqlite3_column_int64 (stmt, 1);
  if (!jg_server_db_stepped (db, stmt, rc, READ_FAILED, error))
    return FALSE;

  /* Anything of the department reaching the server: a record or a post
   * revision, or a sign-in of one of its own (not a city account's). */
  stmt = jg_server_db_prepare_cached (db,
                                      "SELECT department, MAX (at) FROM ("
                                      " SELECT department, MAX (received) AS at FROM record_revision"
                                      "  GROUP BY 1"
                                      " UNION ALL SELECT p.department, MAX (pr.received_at)"
                                      "  FROM post_revision pr JOIN post p ON p.uuid = pr.uuid GROUP BY 1"
                                      " UNION ALL SELECT a.department, MAX (t.created)"
                                      "  FROM token t JOIN account a ON a.username = t.username"
                                      "  WHERE a.role <> '" JG_SERVER_ROLE_CITY "' GROUP BY 1)"
                                      " GROUP BY 1", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    extras_of (extras, (const char *) sqlite3_column_text (stmt, 0))->last_sync =
      sqlite3_column_int64 (stmt, 1);
  return jg_server_db_stepped (db, stmt, rc, READ_FAILED, error);
}

static void
append_row (GString      *out,
            const char   *department,
            const char   *name,
            const Figure *figure,
            const Extras *e)
{
  static const Extras none;

  if (e == NULL)
    e = &none;
  g_string_append (out, "{\"department\":");
  jg_json_append_string (out, department);
  g_string_append (out, ",\"name\":");
  jg_json_append_string_or_null (out, name);
  g_string_append_c (out, ',');
  append_figures (out, figure);
  g_string_append_printf (out, ",\"below_target\":%s,\"records\":{",
                          figure->gap > 0 ? "true" : "false");
  for (guint k = 0; k < JG_RECORD_N_KINDS; k++)
    g_string_append_printf (out, "%s\"%s\":%u", k > 0 ? "," : "", jg_record_kind_to_string (k),
                            e->by_kind[k]);
  g_string_append_printf (out, "},\"dynamics\":{\"updates\":%u,\"items\":%u}"
                          ",\"exposure\":{\"updates\":%u,\"items\":%u},\"rejected_open\":%u"
                          ",\"last_sync\":",
                          e->updates[JG_QUOTA_DYNAMICS], e->items[JG_QUOTA_DYNAMICS],
                          e->updates[JG_QUOTA_EXPOSURE], e->items[JG_QUOTA_EXPOSURE],
                          e->rejected_open);
  if (e->last_sync > 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT "}", e->last_sync);
  else
    g_string_append (out, "null}");
}

void
jg_server_answer_city_departments (JgServer          *self,
                                   SoupServerMessage *msg,
                                   gboolean           honour_etag)
{
  g_autoptr(JgServerAccount) account = jg_server_authenticate (self, msg);
  g_autoptr(GHashTable) params = query_params (msg);
  g_autoptr(GHashTable) extras = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GArray) targets = NULL;
  g_autoptr(GError) error = NULL;
  char today[JG_COVERAGE_DATE_SIZE], from[JG_COVERAGE_DATE_SIZE], to[JG_COVERAGE_DATE_SIZE];
  JgCoverageTarget target;
  const char *text;
  sqlite3_stmt *stmt;
  guint year, month, n = 0;
  GString *out;
  gsize length;
  int rc;

  if (account == NULL)
    return;
  if (!is_city (account))
    {
      forbid (msg, account, "city-departments", "Only a city account may read every department's figures");
      return;
    }
  jg_coverage_date_of (jg_server_now (self), today);
  text = params != NULL ? g_hash_table_lookup (params, "month") : NULL;
  if (text == NULL || *text == '\0')
    {
      year = (guint) g_ascii_strtoull (today, NULL, 10);
      month = (guint) g_ascii_strtoull (today + 5, NULL, 10);
    }
  else if (!jg_quota_parse_month (text, &year, &month))
    {
      g_autofree char *shown = jg_server_clip (text);

      jg_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                             "Invalid \"month\": expected YYYY-MM, got \"%s\"", shown);
      return;
    }
  /* Coverage of the year up to the month's end, or up to today in the
   * current month: the target is that of the last day counted. */
  g_snprintf (from, sizeof from, "%04u-01-01", year);
  jg_coverage_month_end (year, month, to);
  if (strcmp (to, today) > 0 && strncmp (to, today, 7) == 0)
    g_strlcpy (to, today, sizeof to);

  extras = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  targets = read_targets (self->db, &error);
  if (targets == NULL || !read_extras (self->db, year, month, extras, &error) ||
      (counts = read_counts (self->db, from, to, &error)) == NULL)
    {
      jg_server_reply_server_error (msg, error);
      return;
    }
  jg_coverage_target_for (targets, to, &target);

  out = g_string_sized_new (ANSWER_BYTES);
  g_string_append_printf (out, "{\"month\":\"%04u-%02u\",\"from\":\"%s\",\"to\":\"%s\",\"target\":%u"
                          ",\"departments\":[", year, month, from, to, target.percent);
  stmt = jg_server_db_prepare_cached (self->db,
                                      "SELECT key, json_extract (data, '$.name') FROM change"
                                      " WHERE feed = 'catalogue' AND type = 'department' AND op = 'put'"
                                      " ORDER BY key", &error);
  if (stmt == NULL)
    goto fail;
  /* Each department's items are a query of their own (the one
   * /api/v1/coverage answers with), the records counted once for all:
   * the departments are collected first, since that query uses the
   * database while this one is stepped. */
  {
    g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
        g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      }
    if (!jg_server_db_stepped (self->db, stmt, rc, READ_FAILED, &error))
      goto fail;
    for (guint i = 0; i < codes->len; i++)
      {
        g_auto(Figure) figure = { 0 };

        if (!compute (self->db, codes->pdata[i], to, targets, counts, &figure, &error))
          goto fail;
        if (figure.items == 0)
          continue;
        if (n++ > 0)
          g_string_append_c (out, ',');
        append_row (out, codes->pdata[i], names->pdata[i], &figure,
                    g_hash_table_lookup (extras, codes->pdata[i]));
      }
  }
  g_string_append (out, "]}");
  length = out->len;
  jg_server_reply_json (msg, SOUP_STATUS_OK, g_string_free (out, FALSE), length);
  return;

fail:
  g_string_free (out, TRUE);
  jg_server_reply_server_error (msg, error);
}

/* --- the targets ------------------------------------------------------------ */

gboolean
jg_server_db_set_coverage_target (JgServerDb  *db,
                                  const char  *from_day,
                                  guint        percent,
                                  GError     **error)
{
  g_autofree char *probe = g_strdup_printf ("%s=%u", from_day != NULL ? from_day : "", percent);
  g_autoptr(GArray) parsed = NULL;
  sqlite3_stmt *stmt;

  /* The client's reader of the rules decides what a valid day is. */
  if (from_day == NULL || !jg_coverage_rules_parse (probe, &parsed) || parsed->len != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "A target starts on a day MM-DD and is 0 (none) to 100 percent, not “%s”", probe);
      return FALSE;
    }
  if (percent == 0)
    stmt = jg_server_db_prepare_cached (db, "DELETE FROM coverage_target WHERE from_day = ?1", error);
  else
    stmt = jg_server_db_prepare_cached (db, "INSERT OR REPLACE INTO coverage_target (from_day, percent)"
                                        " VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, from_day, -1, SQLITE_TRANSIENT);
  if (percent > 0)
    sqlite3_bind_int (stmt, 2, (int) percent);
  return jg_server_db_step_done (db, stmt, "Could not write the coverage target", error);
}

char *
jg_server_db_get_coverage_targets (JgServerDb  *db,
                                   GError     **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_server_db_prepare_cached (db, "SELECT from_day, percent FROM coverage_target"
                                      " ORDER BY from_day", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (text, "%s%s=%d", text->len > 0 ? ";" : "",
                            (const char *) sqlite3_column_text (stmt, 0), sqlite3_column_int (stmt, 1));
  if (!jg_server_db_stepped (db, stmt, rc, READ_FAILED, error))
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}
