/* jg-cli-catalogue.c — `jianguan-cli search` and `jianguan-cli status`
 *
 * search prints the local catalogue's matches, "code<TAB>name<TAB>department"
 * per line (search --all is jg-cli-search.c); status what the local cache
 * holds, "key<TAB>value" per line: the catalogue's counts, the records'
 * counts by state and when each was last synced.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-catalogue.h"
#include "jg-outbox.h"
#include "jg-record-counts.h"
#include "jg-record-store.h"

#include "jg-cli.h"

int
jg_cli_search (Command *cmd)
{
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgCatalogueQuery) query = jg_catalogue_query_new (NULL);
  g_autoptr(GListModel) results = NULL;
  g_autofree char *random = NULL;
  gboolean all = FALSE;
  int limit = 20;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Print at most N results (default 20; with --all, per kind)"), "N" },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Search everything, as the app’s one-key search: kind<TAB>rank<TAB>key<TAB>title<TAB>subtitle per line"), NULL },
    { "department", 0, 0, G_OPTION_ARG_STRING, &query->department, N_("Only items of this department (code)"), "CODE" },
    { "action-type", 0, 0, G_OPTION_ARG_STRING, &query->action_type, N_("Only this action type (0 inspection, 1 penalty, 2 coercion, 3 other)"), "N" },
    { "level", 0, 0, G_OPTION_ARG_STRING, &query->level, N_("Only items exercised at this level (1–5)"), "N" },
    { "random-check", 0, 0, G_OPTION_ARG_STRING, &random, N_("Only items in (yes) or not in (no) random checks"), "yes|no" },
    { NULL }
  };

  if (!jg_cli_command_parse (cmd, entries))
    return STATUS_USAGE;
  if (limit <= 0)
    return jg_cli_usage_error (cmd->context, _("--limit must be a positive number."));

  if (all)
    return jg_cli_search_all (cmd, cmd->argc == 2 ? cmd->argv[1] : "", limit);

  g_free (query->text);
  query->text = g_strdup (cmd->argc == 2 ? cmd->argv[1] : "");
  query->limit = limit;
  if (random != NULL)
    {
      if (g_str_equal (random, "yes"))
        query->random_check = JG_TRISTATE_YES;
      else if (g_str_equal (random, "no"))
        query->random_check = JG_TRISTATE_NO;
      else
        return jg_cli_usage_error (cmd->context, _("--random-check takes “yes” or “no”."));
    }

  store = jg_cli_open_account_store (cmd);
  if (store == NULL)
    return jg_cli_fail (cmd);

  results = jg_catalogue_search_sync (store, query, &cmd->error);
  if (results == NULL)
    return jg_cli_fail (cmd);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(JgSubItem) item = g_list_model_get_item (results, i);

      g_print ("%s\t%s\t%s\n",
               jg_sub_item_get_code (item),
               jg_sub_item_get_name (item),
               jg_sub_item_get_department_name (item) ?: "");
    }

  return STATUS_OK;
}

/* "KEY<TAB>time" for scripts, the time in ISO 8601 with the local offset. */
static void
print_time (const char *key,
            gint64      unix_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_time);
  g_autofree char *text = g_date_time_format_iso8601 (when);

  g_print ("%s\t%s\n", key, text);
}

/* "KEY<TAB>count" for scripts, one line each. */
typedef struct {
  const char *key;
  guint       count;
} Count;

static void
print_counts (const Count *counts,
              gsize        n_counts)
{
  for (gsize i = 0; i < n_counts; i++)
    g_print ("%s\t%u\n", counts[i].key, counts[i].count);
}

/* What the catalogue cache holds and when it was last synced. */
static void
print_catalogue_status (const JgCatalogueStats *stats)
{
  const Count counts[] = {
    { "departments", stats->departments },
    { "items", stats->items },
    { "sub-items", stats->sub_items },
    { "implementations", stats->implementations },
    { "officers", stats->officers },
    { "code-entries", stats->code_entries },
  };

  print_counts (counts, G_N_ELEMENTS (counts));
  if (stats->last_sync > 0)
    print_time ("last-sync", stats->last_sync);
  else
    g_print ("last-sync\tnever\n");
}

/* The records by state, as the app counts them (jg-record-counts.h):
 * "pending" is what the header says is waiting to be sent. */
static void
print_record_counts (const JgRecordCounts *records)
{
  const Count counts[] = {
    { "records-draft", records->drafts },
    { "records-ready", records->ready },
    { "records-sending", records->sending },
    { "records-accepted", records->accepted },
    { "records-rejected", records->rejected },
    { "records-deleting", records->deleting },
    { "records-pending", records->pending },
  };

  print_counts (counts, G_N_ELEMENTS (counts));
}

int
jg_cli_status (Command *cmd)
{
  g_autoptr(JgStore) store = NULL;
  JgRecordCounts counts;
  g_autofree char *message = NULL;
  JgCatalogueStats stats;
  gint64 finished = 0, next_attempt;
  gboolean ok = FALSE;

  if (!jg_cli_command_parse (cmd, NULL))
    return STATUS_USAGE;

  store = jg_cli_open_account_store (cmd);
  if (store == NULL || !jg_catalogue_get_stats_sync (store, &stats, &cmd->error))
    return jg_cli_fail (cmd);

  print_catalogue_status (&stats);
  if (!jg_record_store_count (store, NULL, &counts, &cmd->error))
    return jg_cli_fail (cmd);
  print_record_counts (&counts);
  if (jg_outbox_get_last_run (store, &finished, &ok, &message))
    {
      print_time ("records-last-sync", finished);
      g_print ("records-last-result\t%s\n", ok ? "ok" : "failed");
      if (message != NULL)
        g_print ("records-last-message\t%s\n", message);
    }
  else
    g_print ("records-last-sync\tnever\n");
  next_attempt = jg_outbox_get_next_attempt (store);
  if (next_attempt > 0)
    print_time ("records-next-attempt", next_attempt);

  return STATUS_OK;
}
