/* jg-transfer-report.c — an import's report: its lines as the app and the
 * CLI show them, and the CSV (or XLSX) file of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jg-transfer-private.h"

void
jg_import_problem_free (JgImportProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->column);
  g_free (problem->value);
  g_free (problem->reason);
  g_free (problem);
}


gboolean
jg_transfer_write_report (const char  *path,
                          GPtrArray   *problems,
                          GError     **error)
{
  /* The report is in the national format's language, like the headers. */
  const char *title[] = { "行号", "列", "值", "原因", "类别" };
  const char *group[] = {
    [JG_IMPORT_PROBLEM_ERROR] = "错误",
    [JG_IMPORT_PROBLEM_CONFLICT] = "错误",
    [JG_IMPORT_PROBLEM_WARNING] = "提醒",
    [JG_IMPORT_PROBLEM_NOTICE] = "提示",
  };
  JgTransferWriter writer;

  if (!jg_transfer_writer_open (&writer, path, "导入问题", error))
    return FALSE;
  if (!jg_transfer_writer_row (&writer, title, G_N_ELEMENTS (title), error))
    goto fail;
  for (guint i = 0; i < problems->len; i++)
    {
      JgImportProblem *problem = problems->pdata[i];
      g_autofree char *row = g_strdup_printf ("%u", problem->row);
      g_autofree char *reason = problem->kind == JG_IMPORT_PROBLEM_WARNING
                                ? g_strdup_printf (_("Imported, with a warning: %s"), problem->reason)
                                : g_strdup (problem->reason);
      const char *cells[] = { row, problem->column, problem->value, reason, group[problem->kind] };

      if (!jg_transfer_writer_row (&writer, cells, G_N_ELEMENTS (cells), error))
        goto fail;
    }
  return jg_transfer_writer_close (&writer, error);

fail:
  jg_transfer_writer_abort (&writer);
  return FALSE;
}

char *
jg_import_problem_describe (const JgImportProblem *problem)
{
  g_autofree char *line = NULL;

  if (problem->column != NULL)
    /* TRANSLATORS: an import report line: row, column, value, reason */
    line = g_strdup_printf (_("Row %u · %s · “%s”: %s"), problem->row, problem->column,
                            problem->value != NULL ? problem->value : "", problem->reason);
  else
    /* TRANSLATORS: an import report line about a whole row */
    line = g_strdup_printf (_("Row %u: %s"), problem->row, problem->reason);
  if (problem->kind == JG_IMPORT_PROBLEM_WARNING)
    /* TRANSLATORS: a report line about a row that was imported all the same */
    return g_strdup_printf (_("Warning: %s"), line);
  if (problem->kind == JG_IMPORT_PROBLEM_NOTICE)
    /* TRANSLATORS: a report line about a value read in a forgiving way, or a duplicate */
    return g_strdup_printf (_("Notice: %s"), line);
  return g_steal_pointer (&line);
}

gboolean
jg_import_problem_is_error (const JgImportProblem *problem)
{
  return problem->kind == JG_IMPORT_PROBLEM_ERROR || problem->kind == JG_IMPORT_PROBLEM_CONFLICT;
}
