/* jg-coverage.c — the department's coverage from the account's database,
 * and the server's figure kept beside it (see the header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-coverage.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "jg-http.h"
#include "jg-record-store.h"
#include "jg-store-private.h"

#define STATUS_IN_USE "01"
#define COVERAGE_PATH "api/v1/coverage"

static void
item_free (JgCoverageItem *item)
{
  g_free (item->code);
  g_free (item->name);
  g_free (item->action_type);
  g_free (item->body);
  g_free (item);
}

void
jg_coverage_report_free (JgCoverageReport *report)
{
  if (report == NULL)
    return;
  g_free (report->department);
  g_free (report->targets);
  g_clear_pointer (&report->per_item, g_ptr_array_unref);
  g_free (report);
}

GPtrArray *
jg_coverage_report_uncovered (JgCoverageReport *report)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < report->per_item->len; i++)
    {
      JgCoverageItem *item = g_ptr_array_index (report->per_item, i);

      if (item->accepted == 0)
        g_ptr_array_add (out, item);
    }
  return out;
}

const char *
jg_coverage_item_kind_label (const JgCoverageItem *item)
{
  const char *t = item->action_type;

  if (t == NULL || t[0] < '0' || t[0] >= '0' + JG_RECORD_N_KINDS || t[1] != '\0')
    return "";
  return jg_record_kind_get_label ((JgRecordKind) (t[0] - '0'));
}

gboolean
jg_coverage_item_none_in_city (const JgCoverageItem *item)
{
  return item->city_count == 0;
}

double
jg_coverage_report_percent (JgCoverageReport *report,
                            gboolean          with_pending)
{
  return jg_coverage_percent (report->items, with_pending ? report->covered_with_pending
                                                          : report->covered);
}

/* --- the server's figure ---------------------------------------------------- */

static void
copy_date (char        out[JG_COVERAGE_DATE_SIZE],
           JsonObject *o,
           const char *member)
{
  const char *text = json_object_get_string_member_with_default (o, member, "");

  g_strlcpy (out, jg_coverage_date_is_valid (text) ? text : "", JG_COVERAGE_DATE_SIZE);
}

/* The stored answer of @department: fills @server, the rules it carried
 * into *@rules and each item's city count into @city_counts (code →
 * count + 1, so that 0 is "not in the answer"). */
static gboolean
read_server (JgStore           *store,
             const char        *department,
             JgCoverageServer  *server,
             GArray           **rules,
             GHashTable        *city_counts,
             GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  sqlite3_stmt *stmt;
  const char *answer;
  JsonNode *root;
  JsonObject *o;
  JsonArray *items;
  int rc;

  memset (server, 0, sizeof *server);
  stmt = jg_store_prepare (store, "SELECT answer, fetched_at FROM coverage_server WHERE department = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, department);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return rc == SQLITE_DONE || jg_store_set_error (store, error, rc);
    }
  answer = jg_store_column_text (stmt, 0);
  server->fetched_at = sqlite3_column_int64 (stmt, 1);
  /* Our own copy of what the server said: something unreadable is
   * treated as never fetched. */
  if (answer == NULL || !json_parser_load_from_data (parser, answer, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      sqlite3_reset (stmt);
      return TRUE;
    }
  sqlite3_reset (stmt);
  o = json_node_get_object (root);
  server->valid = TRUE;
  copy_date (server->from, o, "from");
  copy_date (server->to, o, "to");
  server->items = (guint) json_object_get_int_member_with_default (o, "items", 0);
  server->covered = (guint) json_object_get_int_member_with_default (o, "covered", 0);
  server->target = (guint) json_object_get_int_member_with_default (o, "target", 0);
  server->gap = (guint) json_object_get_int_member_with_default (o, "gap", 0);
  if (rules != NULL)
    {
      g_autoptr(GArray) parsed = NULL;

      if (jg_coverage_rules_parse (json_object_get_string_member_with_default (o, "targets", ""),
                                   &parsed) && parsed->len > 0)
        {
          g_clear_pointer (rules, g_array_unref);
          *rules = g_steal_pointer (&parsed);
        }
    }
  if (city_counts != NULL && json_object_has_member (o, "per_item") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "per_item")))
    {
      items = json_object_get_array_member (o, "per_item");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonNode *node = json_array_get_element (items, i);
          JsonObject *item;
          const char *code;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          item = json_node_get_object (node);
          code = json_object_get_string_member_with_default (item, "code", NULL);
          if (code != NULL)
            g_hash_table_insert (city_counts, g_strdup (code),
                                 GINT_TO_POINTER (json_object_get_int_member_with_default (item, "city_count", 0) + 1));
        }
    }
  return TRUE;
}

gboolean
jg_coverage_fetch_server (JgStore       *store,
                          const char    *server_url,
                          const char    *ca_file,
                          const char    *token,
                          const char    *from,
                          const char    *to,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *department = jg_record_store_get_department (store);
  g_autoptr(JgHttpClient) http = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) path = NULL;
  g_autofree char *text = NULL;
  JgHttpAnswer info;
  sqlite3_stmt *stmt;
  JsonNode *root;
  gsize size;

  if (department == NULL)
    {
      g_set_error_literal (error, JG_RECORD_STORE_ERROR, JG_RECORD_STORE_ERROR_NO_DEPARTMENT,
                           _("This account has no department yet: sign in to the server first."));
      return FALSE;
    }
  http = jg_http_client_new (server_url, ca_file, token, JG_HTTP_FOR_FIGURES, error);
  if (http == NULL)
    return FALSE;
  path = g_string_new (COVERAGE_PATH "?department=");
  g_string_append_uri_escaped (path, department, NULL, FALSE);
  if (from != NULL)
    g_string_append_printf (path, "&from=%s", from);
  if (to != NULL)
    g_string_append_printf (path, "&to=%s", to);
  answer = jg_http_client_send (http, SOUP_METHOD_GET, path->str, NULL, NULL, &info, cancellable, error);
  jg_http_answer_clear (&info);
  if (answer == NULL)
    return FALSE;
  text = g_strndup (g_bytes_get_data (answer, &size), g_bytes_get_size (answer));
  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "covered"))
    return jg_http_set_malformed (JG_HTTP_FOR_FIGURES, _("the coverage lacks its figures"), error);

  stmt = jg_store_prepare (store, "INSERT OR REPLACE INTO coverage_server (department, answer, fetched_at)"
                           " VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, department);
  jg_store_bind_text (stmt, 2, text);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  return jg_store_step_done (store, stmt, error);
}

/* --- the local figure ------------------------------------------------------- */

/* Every item of @department with its accepted and pending records in
 * the period. The same definition as the server's query
 * (jg-server-coverage.c): a sub-item in use, an implementation entry
 * whose body is the department; a record's main date (record.main_date,
 * the date field of its kind) in [?2, ?3]. */
static gboolean
read_items (JgStore          *store,
            JgCoverageReport *report,
            GHashTable       *city_counts,
            GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_store_prepare (store,
                           "SELECT s.code, s.name, s.action_type,"
                           " MIN (COALESCE (i.delegated_name, i.body_name)),"
                           " (SELECT COUNT (*) FROM record r WHERE r.catalogue_code = s.code"
                           "   AND r.department = ?1 AND r.deleting = 0 AND r.state = 'accepted'"
                           "   AND r.main_date BETWEEN ?2 AND ?3),"
                           " (SELECT COUNT (*) FROM record r WHERE r.catalogue_code = s.code"
                           "   AND r.department = ?1 AND r.deleting = 0 AND r.state IN ('ready', 'sending')"
                           "   AND r.main_date BETWEEN ?2 AND ?3)"
                           " FROM impl_entry i JOIN sub_item s ON s.code = i.sub_item"
                           " WHERE i.body_code = ?1 AND s.status = '" STATUS_IN_USE "'"
                           " GROUP BY s.code ORDER BY s.code", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, report->department);
  jg_store_bind_text (stmt, 2, report->from);
  jg_store_bind_text (stmt, 3, report->to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JgCoverageItem *item = g_new0 (JgCoverageItem, 1);
      gpointer city;

      item->code = g_strdup (jg_store_column_text (stmt, 0));
      item->name = g_strdup (jg_store_column_text (stmt, 1));
      item->action_type = g_strdup (jg_store_column_text (stmt, 2));
      item->body = g_strdup (jg_store_column_text (stmt, 3));
      item->accepted = (guint) sqlite3_column_int64 (stmt, 4);
      item->pending = (guint) sqlite3_column_int64 (stmt, 5);
      city = g_hash_table_lookup (city_counts, item->code);
      item->city_count = city != NULL ? GPOINTER_TO_INT (city) - 1 : -1;
      g_ptr_array_add (report->per_item, item);
      report->items++;
      if (item->accepted > 0)
        report->covered++;
      if (item->accepted + item->pending > 0)
        report->covered_with_pending++;
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || jg_store_set_error (store, error, rc);
}

static int
month_index (JgCoverageReport *report,
             const char       *month)
{
  for (int m = 0; m < JG_COVERAGE_TREND_MONTHS; m++)
    if (g_strcmp0 (report->months[m], month) == 0)
      return m;
  return -1;
}

/* The months, the counts by kind and the trend: one pass over the
 * department's accepted records of the 12 months up to @to's (and the
 * rest of the oldest month's year, for its year-to-date figure). */
static gboolean
read_months (JgStore          *store,
             JgCoverageReport *report,
             GError          **error)
{
  g_autoptr(GHashTable) items = g_hash_table_new (g_str_hash, g_str_equal);
  /* item code → bit m set when covered by the end of month m, same year */
  g_autoptr(GHashTable) covered = g_hash_table_new (g_str_hash, g_str_equal);
  char first[JG_COVERAGE_DATE_SIZE];
  sqlite3_stmt *stmt;
  guint year, month;
  int rc;

  year = (guint) g_ascii_strtoull (report->to, NULL, 10);
  month = (guint) g_ascii_strtoull (report->to + 5, NULL, 10);
  for (int m = JG_COVERAGE_TREND_MONTHS - 1; m >= 0; m--)
    {
      g_snprintf (report->months[m], JG_COVERAGE_MONTH_SIZE, "%04u-%02u", year, month);
      if (--month == 0)
        {
          month = 12;
          year--;
        }
    }
  g_snprintf (first, sizeof first, "%.4s-01-01", report->months[0]);
  for (guint i = 0; i < report->per_item->len; i++)
    {
      JgCoverageItem *item = g_ptr_array_index (report->per_item, i);

      g_hash_table_add (items, item->code);
    }

  stmt = jg_store_prepare (store,
                           "SELECT kind, catalogue_code, month, COUNT (*) FROM record"
                           " WHERE department = ?1 AND deleting = 0 AND state = 'accepted'"
                           " AND main_date BETWEEN ?2 AND ?3 GROUP BY 1, 2, 3", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, report->department);
  jg_store_bind_text (stmt, 2, first);
  jg_store_bind_text (stmt, 3, report->to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *code = jg_store_column_text (stmt, 1);
      const char *month_text = jg_store_column_text (stmt, 2);
      int m = month_index (report, month_text);
      JgRecordKind kind;
      char *key;

      if (m >= 0 && jg_record_kind_from_string (jg_store_column_text (stmt, 0), &kind))
        report->by_kind[m][kind] += (guint) sqlite3_column_int64 (stmt, 3);
      if (code == NULL || month_text == NULL || !g_hash_table_lookup_extended (items, code,
                                                                              (gpointer *) &key, NULL))
        continue;
      /* Covered from this month on, to the end of its year. */
      for (int t = 0; t < JG_COVERAGE_TREND_MONTHS; t++)
        if (strncmp (report->months[t], month_text, 4) == 0 && strcmp (report->months[t], month_text) >= 0)
          g_hash_table_insert (covered, key,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (covered, key))
                                                 | (1u << t)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return jg_store_set_error (store, error, rc);

  for (int t = 0; t < JG_COVERAGE_TREND_MONTHS; t++)
    {
      GHashTableIter iter;
      gpointer bits;
      guint n = 0;

      g_hash_table_iter_init (&iter, covered);
      while (g_hash_table_iter_next (&iter, NULL, &bits))
        if (GPOINTER_TO_UINT (bits) & (1u << t))
          n++;
      report->trend[t] = jg_coverage_percent (report->items, n);
    }
  return TRUE;
}

JgCoverageReport *
jg_coverage_report_load (JgStore     *store,
                         const char  *from,
                         const char  *to,
                         GError     **error)
{
  g_autoptr(JgCoverageReport) report = g_new0 (JgCoverageReport, 1);
  g_autoptr(GHashTable) city_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) rules = NULL;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);

  report->department = jg_record_store_get_department (store);
  if (report->department == NULL)
    {
      g_set_error_literal (error, JG_RECORD_STORE_ERROR, JG_RECORD_STORE_ERROR_NO_DEPARTMENT,
                           _("This account has no department yet: sign in to the server first."));
      return NULL;
    }
  if (to != NULL)
    g_strlcpy (report->to, to, sizeof report->to);
  else
    jg_coverage_date_of (g_get_real_time () / G_USEC_PER_SEC, report->to);
  if (from != NULL)
    g_strlcpy (report->from, from, sizeof report->from);
  else
    g_snprintf (report->from, sizeof report->from, "%.4s-01-01", report->to);
  if (!jg_coverage_date_is_valid (report->from) || !jg_coverage_date_is_valid (report->to) ||
      strcmp (report->from, report->to) > 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The period runs from a date to a later one, each YYYY-MM-DD: “%s” to “%s” is not one."),
                   report->from, report->to);
      return NULL;
    }

  jg_coverage_rules_parse (JG_COVERAGE_DEFAULT_RULES, &rules);
  report->per_item = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  if (!read_server (store, report->department, &report->server, &rules, city_counts, error) ||
      !read_items (store, report, city_counts, error) ||
      !read_months (store, report, error))
    return NULL;

  jg_coverage_target_for (rules, report->to, &report->target);
  report->targets = jg_coverage_rules_to_string (rules);
  report->target_items = jg_coverage_target_items (report->items, report->target.percent);
  report->gap = jg_coverage_gap (report->items, report->covered, report->target.percent);
  return g_steal_pointer (&report);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(JgStore) store = NULL;
  GError *error = NULL;
  JgCoverageReport *report = NULL;

  store = jg_store_open_existing (task_data, &error);
  if (store != NULL)
    report = jg_coverage_report_load (store, NULL, NULL, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) jg_coverage_report_free);
}

void
jg_coverage_report_load_async (const char          *db_path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, jg_coverage_report_load_async);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, g_strdup (db_path), g_free);
  g_task_run_in_thread (task, load_thread);
}

JgCoverageReport *
jg_coverage_report_load_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
