/* jg-coverage-city.c — the city's table of every department (see the
 * header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-coverage-city.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "jg-http.h"
#include "jg-quota.h"

#define CITY_PATH "api/v1/city/departments"

static void
row_free (JgCityRow *row)
{
  g_free (row->department);
  g_free (row->name);
  g_free (row);
}

void
jg_city_table_free (JgCityTable *table)
{
  if (table == NULL)
    return;
  g_free (table->month);
  g_clear_pointer (&table->rows, g_ptr_array_unref);
  g_free (table);
}

static guint
member_uint (JsonObject *o,
             const char *name)
{
  gint64 v = json_object_get_int_member_with_default (o, name, 0);

  return v > 0 ? (guint) MIN (v, G_MAXUINT) : 0;
}

static JsonObject *
member_object (JsonObject *o,
               const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JgCityRow *
row_from_json (JsonObject *o)
{
  JgCityRow *row = g_new0 (JgCityRow, 1);
  JsonObject *records = member_object (o, "records");
  JsonObject *dynamics = member_object (o, "dynamics");
  JsonObject *exposure = member_object (o, "exposure");
  JsonNode *coverage = json_object_get_member (o, "coverage");

  row->department = g_strdup (json_object_get_string_member_with_default (o, "department", ""));
  row->name = g_strdup (json_object_get_string_member_with_default (o, "name", ""));
  row->items = member_uint (o, "items");
  row->covered = member_uint (o, "covered");
  row->coverage = coverage != NULL && JSON_NODE_HOLDS_VALUE (coverage) ? json_node_get_double (coverage) : -1;
  row->target_items = member_uint (o, "target_items");
  row->gap = member_uint (o, "gap");
  row->below_target = json_object_get_boolean_member_with_default (o, "below_target", FALSE);
  for (guint k = 0; records != NULL && k < JG_RECORD_N_KINDS; k++)
    row->records[k] = member_uint (records, jg_record_kind_to_string (k));
  if (dynamics != NULL)
    {
      row->dynamics_updates = member_uint (dynamics, "updates");
      row->dynamics_items = member_uint (dynamics, "items");
    }
  if (exposure != NULL)
    {
      row->exposure_updates = member_uint (exposure, "updates");
      row->exposure_items = member_uint (exposure, "items");
    }
  row->rejected_open = member_uint (o, "rejected_open");
  row->last_sync = json_object_get_int_member_with_default (o, "last_sync", 0);
  return row;
}

JgCityTable *
jg_city_table_fetch (const char    *server_url,
                     const char    *ca_file,
                     const char    *token,
                     const char    *month,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(JgHttpClient) http = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JgCityTable) table = NULL;
  g_autofree char *path = NULL;
  JgHttpAnswer info;
  JsonNode *root, *departments;
  JsonObject *o;
  JsonArray *array;

  http = jg_http_client_new (server_url, ca_file, token, JG_HTTP_FOR_FIGURES, error);
  if (http == NULL)
    return NULL;
  path = month != NULL ? g_strdup_printf (CITY_PATH "?month=%s", month) : g_strdup (CITY_PATH);
  answer = jg_http_client_send (http, SOUP_METHOD_GET, path, NULL, NULL, &info, cancellable, error);
  jg_http_answer_clear (&info);
  if (answer == NULL)
    return NULL;
  if (!json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (departments = json_object_get_member (json_node_get_object (root), "departments")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (departments))
    {
      jg_http_set_malformed (JG_HTTP_FOR_FIGURES, _("the city's table lacks its departments"), error);
      return NULL;
    }
  o = json_node_get_object (root);
  table = g_new0 (JgCityTable, 1);
  table->month = g_strdup (json_object_get_string_member_with_default (o, "month", ""));
  table->target = member_uint (o, "target");
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  array = json_node_get_array (departments);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (table->rows, row_from_json (json_node_get_object (node)));
    }
  return g_steal_pointer (&table);
}

char *
jg_city_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) t = NULL;

  if (unix_seconds <= 0)
    return g_strdup ("");
  t = g_date_time_new_from_unix_utc (unix_seconds + JG_QUOTA_UTC_OFFSET_SECONDS);
  return g_date_time_format (t, "%Y-%m-%d %H:%M");
}

char *
jg_city_table_to_tsv (JgCityTable *table)
{
  GString *out = g_string_new (NULL);

  /* TRANSLATORS: the header of `jianguan-cli report city`, tab separated */
  g_string_append_printf (out, "%s\t%s\t%s\t%s\t%s\t%s\t%s", _("Department code"), _("Department"),
                          _("Items"), _("Covered"), _("Coverage %"), _("Items short of target"),
                          _("Below target"));
  for (guint k = 0; k < JG_RECORD_N_KINDS; k++)
    g_string_append_printf (out, "\t%s", jg_record_kind_get_label (k));
  g_string_append_printf (out, "\t%s\t%s\t%s\t%s\t%s\t%s\n", _("Dynamics updates"), _("Dynamics items"),
                          _("Exposure updates"), _("Exposure items"), _("Rejected, not fixed"),
                          _("Last sync"));
  for (guint i = 0; i < table->rows->len; i++)
    {
      JgCityRow *row = g_ptr_array_index (table->rows, i);
      g_autofree char *last = jg_city_format_time (row->last_sync);
      char percent[G_ASCII_DTOSTR_BUF_SIZE] = "";

      if (row->coverage >= 0)
        g_ascii_formatd (percent, sizeof percent, "%.1f", row->coverage);
      g_string_append_printf (out, "%s\t%s\t%u\t%u\t%s\t%u\t%s", row->department, row->name,
                              row->items, row->covered, percent, row->gap,
                              row->below_target ? _("yes") : _("no"));
      for (guint k = 0; k < JG_RECORD_N_KINDS; k++)
        g_string_append_printf (out, "\t%u", row->records[k]);
      g_string_append_printf (out, "\t%u\t%u\t%u\t%u\t%u\t%s\n", row->dynamics_updates, row->dynamics_items,
                              row->exposure_updates, row->exposure_items, row->rejected_open, last);
    }
  return g_string_free (out, FALSE);
}
