/* jg-cli-transfer.c — `jianguan-cli template`, `import`, `import-undo` and
 * `export`
 *
 * Records to and from CSV and XLSX files in the template layout
 * (jg-transfer.h). import prints its report row by row, then one last
 * untranslated line for scripts; a file that cannot be imported at all
 * exits with the usage status, some rows rejected with the failure one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-record-imports.h"
#include "jg-record-store.h"
#include "jg-transfer.h"

#include "jg-cli.h"

int
jg_cli_template (Command *cmd)
{
  g_autoptr(JgStore) store = NULL;
  JgRecordKind kind;

  g_option_context_set_summary (cmd->context, _("KIND is inspection, penalty, coercion or other."));
  if (!jg_cli_command_parse (cmd, NULL))
    return STATUS_USAGE;
  if (!jg_record_kind_from_string (cmd->argv[1], &kind))
    return jg_cli_usage_error (cmd->context, _("The kind is one of inspection, penalty, coercion or other."));

  /* The allowed codes come from the local code tables when there are any;
   * without them the template names the tables. */
  store = jg_cli_open_account_store (cmd);
  g_clear_error (&cmd->error);
  if (!jg_transfer_write_template_with_codes (store, kind, cmd->argv[2], &cmd->error))
    return jg_cli_fail (cmd);
  return STATUS_OK;
}

static void
print_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = jg_import_problem_describe (problems->pdata[i]);

      g_print ("%s\n", line);
    }
}

int
jg_cli_import (Command *cmd)
{
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_import_problem_free);
  g_autofree char *report = NULL;
  gboolean check = FALSE;
  gboolean as_draft = FALSE;
  gboolean warnings_as_drafts = FALSE;
  JgImportResult result;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report, N_("Write the report (errors, warnings and notices, row by row) to this CSV file"), "REPORT.csv" },
    { "check", 0, 0, G_OPTION_ARG_NONE, &check, N_("Only check the file: say what an import would do, and import nothing"), NULL },
    { "as-draft", 0, 0, G_OPTION_ARG_NONE, &as_draft, N_("Import the records as drafts, not ready to send"), NULL },
    { "warnings-as-drafts", 0, 0, G_OPTION_ARG_NONE, &warnings_as_drafts,
      N_("Import the rows with warnings as drafts, the others ready to send"), NULL },
    { NULL }
  };

  if (!jg_cli_command_parse (cmd, entries))
    return STATUS_USAGE;

  /* A file that cannot be imported at all exits with STATUS_USAGE, so that
   * scripts can tell it from STATUS_FAILED, some rows rejected. */
  store = jg_cli_open_account_store (cmd);
  if (store == NULL)
    ok = FALSE;
  else if (check)
    ok = jg_transfer_check (store, cmd->argv[1], report, &result, problems, NULL, &cmd->error);
  else
    ok = jg_transfer_import_full (store, cmd->argv[1],
                                  as_draft ? JG_RECORD_STATE_DRAFT : JG_RECORD_STATE_READY,
                                  warnings_as_drafts ? JG_IMPORT_WARNINGS_AS_DRAFTS
                                                     : JG_IMPORT_FLAGS_NONE,
                                  report, &result, problems, NULL, &cmd->error);
  if (!ok)
    {
      /* A full or read-only disk is no fault of the file. */
      if (cmd->error != NULL && cmd->error->domain == JG_STORE_ERROR)
        return jg_cli_fail (cmd);
      jg_cli_fail (cmd);
      return STATUS_USAGE;
    }

  /* The whole report: errors, warnings and notices, row by row. */
  print_problems (problems);
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u row was already imported (duplicate).\n",
                        "%u rows were already imported (duplicates).\n", result.duplicates),
           result.duplicates);
  if (result.conflicts > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "%u row has the number of an existing record with other content (conflict).\n",
                          "%u rows have the number of an existing record with other content (conflicts).\n",
                          result.conflicts), result.conflicts);
  if (result.warnings > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u warning about imported rows.\n",
                          "%u warnings about imported rows.\n", result.warnings), result.warnings);
  /* The last line is for scripts: not translated. */
  if (check)
    g_print ("check: new %u, duplicates %u, conflicts %u, rejected %u, warnings %u\n",
             result.imported, result.duplicates, result.conflicts, result.rejected, result.warnings);
  else
    g_print ("imported %u (%u with warnings), rejected %u\n", result.imported,
             result.with_warnings, result.rejected + result.conflicts);
  return result.rejected > 0 || result.conflicts > 0 ? STATUS_FAILED : STATUS_OK;
}

int
jg_cli_import_undo (Command *cmd)
{
  g_autoptr(JgStore) store = NULL;
  g_auto(JgImportBatch) batch = { 0 };
  guint removed = 0;

  if (!jg_cli_command_parse (cmd, NULL))
    return STATUS_USAGE;
  store = jg_cli_open_account_store (cmd);
  if (store == NULL
      || !jg_record_imports_get_last (store, &batch, &cmd->error)
      || !jg_record_imports_undo_last (store, NULL, &removed, &cmd->error))
    return jg_cli_fail (cmd);
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Undid the import of “%s”: %u record removed.\n",
                        "Undid the import of “%s”: %u records removed.\n", removed),
           batch.file, removed);
  return STATUS_OK;
}

int
jg_cli_export (Command *cmd)
{
  g_autoptr(JgStore) store = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  JgRecordKind kind;
  guint written;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("inspection, penalty, coercion or other"), "KIND" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Only records whose main date is on or after DATE"), "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Only records whose main date is on or before DATE"), "YYYY-MM-DD" },
    { NULL }
  };

  if (!jg_cli_command_parse (cmd, entries))
    return STATUS_USAGE;
  if (kind_text == NULL || !jg_record_kind_from_string (kind_text, &kind))
    return jg_cli_usage_error (cmd->context, _("--kind is one of inspection, penalty, coercion or other."));

  store = jg_cli_open_account_store (cmd);
  if (store == NULL ||
      !jg_transfer_export (store, kind, from, to, cmd->argv[1], &written, &cmd->error))
    return jg_cli_fail (cmd);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Exported %u record.\n", "Exported %u records.\n", written),
           written);
  return STATUS_OK;
}
