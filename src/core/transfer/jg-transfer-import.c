/* jg-transfer-import.c — legacy records in, from a filled-in template
 *
 * An import reads the file into memory once (to detect its encoding), then
 * parses and handles it row by row: each row becomes a JgRecord, is
 * validated against a context that caches the catalogue, code-table and
 * roster lookups (jg-transfer-cache.c), and — when valid and new — is saved
 * as a ready record or a draft, and added to the import's batch
 * (jg-record-imports.c). All saves of one file share one transaction: a
 * file that turns out to be unreadable half-way, an SQLite failure or a
 * cancellation rolls everything back, so an import is never partial.
 *
 * A check runs the very same code without the saves: rows of the file
 * that would be imported are remembered in memory (number → content), not
 * in the store, so that a later row with the same number is judged alike
 * in both passes and the check's counts are the import's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-record-imports.h"
#include "jg-record-private.h"
#include "jg-record-store.h"
#include "jg-transfer-private.h"
#include "jg-store-private.h"

/* Longest value quoted in a problem; the rest is elided. */
#define MAX_PROBLEM_VALUE 200
#define CANCEL_CHECK_ROWS 256
/* Page cache during an import, as for a catalogue sync: a large transaction
 * that spills pages to the WAL mid-way writes them twice (the benchmark's
 * 100,000 rows: 10.6 s with the default cache, 7.7 s with this one). */
#define IMPORT_CACHE_KIB 131072

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

typedef struct {
  JgStore             *store;
  const char          *department;
  const char          *who;
  JgTransferCache     *cache;
  JgImportResult      *result;
  GPtrArray           *problems;
  GCancellable        *cancellable;
  gboolean             pad_short_rows;  /* XLSX leaves trailing empty cells out */
  gboolean             check_only;      /* count and report, write nothing */
  JgRecordState        state;           /* of the imported records */
  char                *file;            /* base name, for the batch */
  GHashTable          *seen;            /* number → content key, rows taken */

  gboolean             have_layout;
  gboolean             in_transaction;
  guint                rows_seen;       /* non-blank rows, header included */
  JgRecordKind         kind;
  const JgFieldSpec   *fields;
  guint                n_fields;
  guint                n_columns;
  guint               *column_field;    /* column → index into fields */
  guint                number_column;
} Import;

static char *
clip (const char *value)
{
  if (value == NULL)
    return NULL;
  if (g_utf8_strlen (value, MAX_PROBLEM_VALUE + 1) <= MAX_PROBLEM_VALUE)
    return g_strdup (value);
  {
    g_autofree char *head = g_utf8_substring (value, 0, MAX_PROBLEM_VALUE);
    return g_strconcat (head, "…", NULL);
  }
}

static void
add_problem (Import              *import,
             JgImportProblemKind  kind,
             guint                row,
             const char          *column,
             const char          *value,
             const char          *reason)
{
  JgImportProblem *problem = g_new0 (JgImportProblem, 1);

  problem->kind = kind;
  problem->row = row;
  problem->column = g_strdup (column);
  problem->value = clip (value);
  problem->reason = g_strdup (reason);
  g_ptr_array_add (import->problems, problem);
}

/* A header cell as written: surrounding blanks and a required mark dropped. */
static char *
normalize_header (const char *cell)
{
  char *header = g_strstrip (g_strdup (cell));
  gsize len = strlen (header);

  if (len > 0 && header[len - 1] == '*')
    header[len - 1] = '\0';
  else if (g_str_has_suffix (header, "＊"))
    header[len - strlen ("＊")] = '\0';
  return g_strstrip (header);
}

static char *
join_names (GPtrArray *names)
{
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("、", (char **) names->pdata);
}

static gboolean
read_layout (Import     *import,
             GPtrArray  *cells,
             GError    **error)
{
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) best_missing = NULL;
  g_autoptr(GPtrArray) best_unknown = NULL;
  JgRecordKind best = JG_RECORD_INSPECTION;
  guint n_columns = cells->len;

  while (n_columns > 0 && *g_strstrip ((char *) cells->pdata[n_columns - 1]) == '\0')
    n_columns--;

  for (guint i = 0; i < n_columns; i++)
    {
      char *header = normalize_header (cells->pdata[i]);

      g_ptr_array_add (headers, header);
      if (*header == '\0')
        {
          g_set_error (error, JG_TRANSFER_ERROR, JG_TRANSFER_ERROR_LAYOUT,
                       _("Column %u of the first row has no header. Use the template’s "
                         "first row as it is. Nothing was imported."), i + 1);
          return FALSE;
        }
      if (!g_hash_table_add (seen, header))
        {
          g_set_error (error, JG_TRANSFER_ERROR, JG_TRANSFER_ERROR_LAYOUT,
                       _("The column “%s” appears twice. Nothing was imported."), header);
          return FALSE;
        }
    }

  for (guint k = 0; k < JG_RECORD_N_KINDS; k++)
    {
      g_autoptr(GPtrArray) missing = g_ptr_array_new ();
      g_autoptr(GPtrArray) unknown = g_ptr_array_new ();
      g_autoptr(GHashTable) own = g_hash_table_new (g_str_hash, g_str_equal);
      guint n_fields;
      const JgFieldSpec *fields = jg_record_fields (k, &n_fields);

      for (guint i = 0; i < n_fields; i++)
        {
          g_hash_table_add (own, (gpointer) fields[i].header);
          if (!g_hash_table_contains (seen, fields[i].header))
            g_ptr_array_add (missing, (gpointer) fields[i].header);
        }
      for (guint i = 0; i < headers->len; i++)
        if (!g_hash_table_contains (own, headers->pdata[i]))
          g_ptr_array_add (unknown, headers->pdata[i]);

      if (missing->len == 0 && unknown->len == 0)
        {
          import->kind = k;
          import->fields = fields;
          import->n_fields = n_fields;
          import->n_columns = n_columns;
          import->column_field = g_new0 (guint, n_columns);
          for (guint c = 0; c < n_columns; c++)
            for (guint f = 0; f < n_fields; f++)
              if (g_str_equal (headers->pdata[c], fields[f].header))
                import->column_field[c] = f;
          import->number_column = G_MAXUINT;
          for (guint c = 0; c < n_columns; c++)
            if (g_str_equal (fields[import->column_field[c]].key, jg_record_kind_number_key (k)))
              import->number_column = c;
          import->have_layout = TRUE;
          return TRUE;
        }
      if (best_missing == NULL
          || missing->len + unknown->len < best_missing->len + best_unknown->len)
        {
          best = k;
          g_clear_pointer (&best_missing, g_ptr_array_unref);
          g_clear_pointer (&best_unknown, g_ptr_array_unref);
          best_missing = g_steal_pointer (&missing);
          best_unknown = g_steal_pointer (&unknown);
        }
    }

  {
    g_autofree char *missing = join_names (best_missing);
    g_autofree char *unknown = join_names (best_unknown);
    g_autoptr(GString) message = g_string_new (NULL);

    g_string_append_printf (message,
                            _("The columns of the first row do not match the template of any kind "
                              "of record; the closest is “%s”."),
                            jg_record_kind_get_label (best));
    if (*missing)
      {
        g_string_append_c (message, ' ');
        g_string_append_printf (message, _("Missing columns: %s."), missing);
      }
    if (*unknown)
      {
        g_string_append_c (message, ' ');
        g_string_append_printf (message, _("Unknown columns: %s."), unknown);
      }
    g_string_append_c (message, ' ');
    g_string_append (message, _("Nothing was imported."));
    g_set_error_literal (error, JG_TRANSFER_ERROR, JG_TRANSFER_ERROR_LAYOUT, message->str);
    return FALSE;
  }
}

static gboolean
is_notes_row (GPtrArray *cells)
{
  gboolean any = FALSE;

  for (guint i = 0; i < cells->len; i++)
    {
      const char *cell = cells->pdata[i];

      if (*cell == '\0')
        continue;
      if (!g_str_has_prefix (cell, JG_TRANSFER_NOTE_PREFIX))
        return FALSE;
      any = TRUE;
    }
  return any;
}

/* What tells two rows of one record apart: all of its fields. */
static char *
content_key (JgRecord *record)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  guint n;

  jg_record_fields (jg_record_get_kind (record), &n);
  for (guint i = 0; i < n; i++)
    {
      const char *value = jg_record_get_nth (record, i);

      g_checksum_update (checksum, (const guchar *) (value ? value : ""), -1);
      g_checksum_update (checksum, (const guchar *) "\x1f", 1);
    }
  return g_strdup (g_checksum_get_string (checksum));
}

typedef enum {
  ROW_NEW,
  ROW_DUPLICATE,
  ROW_CONFLICT,
} RowFate;

/* Whether @number is new, taken with the same content (an earlier row of
 * the file first, then the store) or taken with other content. */
static gboolean
row_fate (Import      *import,
          JgRecord    *record,
          const char  *number,
          const char  *key,
          RowFate     *fate,
          GError     **error)
{
  const char *earlier = g_hash_table_lookup (import->seen, number);
  g_autoptr(JgRecord) stored = NULL;
  g_autoptr(GError) local_error = NULL;

  if (earlier == NULL)
    {
      stored = jg_record_store_find_by_number (import->store, import->kind, import->department,
                                               number, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  if (earlier == NULL && stored == NULL)
    *fate = ROW_NEW;
  else
    {
      g_autofree char *stored_key = stored ? content_key (stored) : NULL;

      *fate = g_str_equal (earlier ? earlier : stored_key, key) ? ROW_DUPLICATE : ROW_CONFLICT;
    }
  return TRUE;
}

static gboolean
save_record (Import     *import,
             JgRecord   *record,
             GError    **error)
{
  if (import->result->batch == 0
      && !jg_record_imports_begin (import->store, import->file, import->kind, import->state,
                                   import->department, import->who, &import->result->batch,
                                   error))
    return FALSE;
  jg_record_set_identity (record, jg_record_get_uuid (record), 1, import->state);
  return jg_record_store_save (import->store, record, import->who, error)
         && jg_record_imports_add (import->store, import->result->batch,
                                   jg_record_get_uuid (record), error);
}

static gboolean
import_record (Import     *import,
               guint       row,
               GPtrArray  *cells,
               GError    **error)
{
  g_autoptr(JgRecord) record = jg_record_new (import->kind, import->department);
  g_autoptr(GPtrArray) issues = NULL;
  g_autofree char *key = NULL;
  const char *number;
  RowFate fate = ROW_NEW;

  for (guint c = 0; c < import->n_columns && c < cells->len; c++)
    {
      const char *cell = jg_transfer_cell_read (cells->pdata[c], import->pad_short_rows,
                                                &import->fields[import->column_field[c]]);

      if (*cell != '\0')
        jg_record_set (record, import->fields[import->column_field[c]].key, cell);
    }

  number = import->number_column < cells->len ? cells->pdata[import->number_column] : "";
  if (*number != '\0')
    {
      key = content_key (record);
      if (!row_fate (import, record, number, key, &fate, error))
        return FALSE;
    }
  if (fate == ROW_DUPLICATE)
    {
      /* The same record is here already: not imported again. */
      import->result->duplicates++;
      return TRUE;
    }
  if (fate == ROW_CONFLICT)
    {
      g_autofree char *reason =
        g_strdup_printf (_("A record numbered “%s” exists already with other content. The row "
                           "was not imported: give it a number of its own, or edit the existing "
                           "record."), number);

      add_problem (import, JG_IMPORT_PROBLEM_CONFLICT, row,
                   import->fields[import->column_field[import->number_column]].header,
                   number, reason);
      import->result->conflicts++;
      return TRUE;
    }

  /* The number is free: the context need not ask the store again. */
  if (*number != '\0')
    jg_transfer_cache_set_free_number (import->cache, number, jg_record_get_uuid (record));
  issues = jg_validate_record (record, jg_transfer_cache_get_context (import->cache));
  for (guint i = 0; i < issues->len; i++)
    {
      JgIssue *issue = issues->pdata[i];
      gboolean is_error = issue->severity == JG_ISSUE_ERROR;
      const JgFieldSpec *spec;

      if (is_error != jg_issues_have_errors (issues))
        continue;
      spec = issue->field ? jg_record_field_lookup (import->kind, issue->field) : NULL;
      add_problem (import, is_error ? JG_IMPORT_PROBLEM_ERROR : JG_IMPORT_PROBLEM_WARNING, row,
                   spec ? spec->header : NULL, spec ? jg_record_get (record, spec->key) : NULL,
                   issue->message);
      if (!is_error)
        import->result->warnings++;
    }
  if (jg_issues_have_errors (issues))
    {
      import->result->rejected++;
      return TRUE;
    }

  if (!import->check_only && !save_record (import, record, error))
    return FALSE;
  if (*number != '\0')
    g_hash_table_insert (import->seen, g_strdup (number), g_steal_pointer (&key));
  import->result->imported++;
  return TRUE;
}

static gboolean
on_import_row (guint       row,
               GPtrArray  *cells,
               gpointer    user_data,
               GError    **error)
{
  Import *import = user_data;
  guint n_cells = cells->len;

  import->rows_seen++;
  if (!import->have_layout)
    {
      if (!read_layout (import, cells, error))
        return FALSE;
      if (import->check_only)
        return TRUE;
      if (!jg_store_begin (import->store, error))
        return FALSE;
      import->in_transaction = TRUE;
      return TRUE;
    }

  if (import->rows_seen == 2 && is_notes_row (cells))
    return TRUE;

  if (import->rows_seen % CANCEL_CHECK_ROWS == 0
      && g_cancellable_set_error_if_cancelled (import->cancellable, error))
    return FALSE;

  /* Trailing empty cells do not count. */
  while (n_cells > import->n_columns && *(const char *) cells->pdata[n_cells - 1] == '\0')
    n_cells--;
  if (n_cells > import->n_columns)
    {
      g_autofree char *reason =
        g_strdup_printf (_("The row has %u cells but the file has %u columns."),
                         n_cells, import->n_columns);
      add_problem (import, JG_IMPORT_PROBLEM_ERROR, row, NULL, NULL, reason);
      import->result->rejected++;
      return TRUE;
    }
  if (n_cells < import->n_columns && !import->pad_short_rows)
    {
      g_autofree char *reason =
        g_strdup_printf (_("The row has only %u cells but the file has %u columns."),
                         n_cells, import->n_columns);
      add_problem (import, JG_IMPORT_PROBLEM_ERROR, row, NULL, NULL, reason);
      import->result->rejected++;
      return TRUE;
    }

  return import_record (import, row, cells, error);
}

static int
query_int (JgStore    *store,
           const char *sql)
{
  sqlite3_stmt *stmt = jg_store_prepare (store, sql, NULL);
  int value = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return value;
}

static gboolean
set_unreadable (GError    **error,
                const char *path,
                const char *format)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, JG_TRANSFER_ERROR, JG_TRANSFER_ERROR_UNREADABLE, format, display);
  return FALSE;
}

/* The file's text in UTF-8 without BOM: UTF-8 as it is, else GB18030. */
static char *
read_text (const char  *path,
           gsize       *length,
           GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *text;
  gsize len;
  gboolean blank = TRUE;
  char *converted;

  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      g_set_error (error, JG_TRANSFER_ERROR, JG_TRANSFER_ERROR_UNREADABLE,
                   _("The file could not be opened: %s"), local_error->message);
      return NULL;
    }
  if (memchr (data, '\0', len) != NULL)
    {
      set_unreadable (error, path,
                      _("“%s” is not a text file: it contains binary data. Save the "
                        "spreadsheet as CSV or XLSX and try again. Nothing was imported."));
      return NULL;
    }
  text = data;
  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;
      len -= 3;
    }
  for (gsize i = 0; i < len && blank; i++)
    blank = g_ascii_isspace (text[i]);
  if (blank)
    {
      set_unreadable (error, path, _("“%s” is empty. Nothing was imported."));
      return NULL;
    }

  if (g_utf8_validate (text, len, NULL))
    {
      *length = len;
      return g_memdup2 (text, len + 1);
    }

  converted = g_convert (text, len, "UTF-8", "GB18030", NULL, length, NULL);
  if (converted == NULL || !g_utf8_validate (converted, *length, NULL))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_free (converted);
      g_set_error (error, JG_TRANSFER_ERROR, JG_TRANSFER_ERROR_ENCODING,
                   _("The text of “%s” is neither UTF-8 nor GB18030 (GBK). Save it "
                     "again as “CSV UTF-8” and try again. Nothing was imported."),
                   display);
      return NULL;
    }
  return converted;
}

static gboolean
write_report (const char  *path,
              GPtrArray   *problems,
              GError     **error)
{
  const char *title[] = { "行号", "列", "值", "原因" };
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
      const char *cells[] = { row, problem->column, problem->value, reason };

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
  return g_steal_pointer (&line);
}

static gboolean
run_import (JgStore        *store,
            const char     *path,
            gboolean        check_only,
            JgRecordState   state,
            const char     *report_path,
            JgImportResult *result,
            GPtrArray      *problems,
            GCancellable   *cancellable,
            GError        **error)
{
  g_autoptr(JgTransferCache) cache = NULL;
  g_autoptr(GPtrArray) own_problems = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *department = NULL;
  g_autofree char *text = NULL;
  g_autofree char *file = NULL;
  g_autofree guint *column_field = NULL;
  JgImportResult local_result = { 0, };
  Import import = { 0, };
  JgTransferFormat format;
  gsize length = 0;
  int cache_size;
  gboolean ok;

  g_return_val_if_fail (JG_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (state == JG_RECORD_STATE_DRAFT || state == JG_RECORD_STATE_READY, FALSE);

  if (result == NULL)
    result = &local_result;
  memset (result, 0, sizeof *result);
  if (problems == NULL)
    problems = own_problems = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_import_problem_free);

  if (!jg_transfer_format_of (path, &format, error))
    return FALSE;

  department = jg_record_store_get_department (store);
  if (department == NULL || *department == '\0')
    {
      g_set_error_literal (error, JG_TRANSFER_ERROR, JG_TRANSFER_ERROR_NO_DEPARTMENT,
                           _("Choose your department before importing records: they are "
                             "recorded in its name. Nothing was imported."));
      return FALSE;
    }

  if (format == JG_TRANSFER_FORMAT_CSV && (text = read_text (path, &length, error)) == NULL)
    return FALSE;

  cache = jg_transfer_cache_new (store);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  file = g_path_get_basename (path);
  import.store = store;
  import.department = department;
  import.who = NULL;     /* the signed-in account (jg_record_store_set_actor) */
  import.cache = cache;
  import.result = result;
  import.problems = problems;
  import.cancellable = cancellable;
  import.pad_short_rows = format == JG_TRANSFER_FORMAT_XLSX;
  import.check_only = check_only;
  import.state = state;
  import.file = file;
  import.seen = seen;

  cache_size = query_int (store, "PRAGMA cache_size");
  if (!jg_store_exec (store, "PRAGMA cache_size = -" G_STRINGIFY (IMPORT_CACHE_KIB), error))
    return FALSE;

  if (format == JG_TRANSFER_FORMAT_CSV)
    ok = jg_csv_parse (text, length, on_import_row, &import, error);
  else
    ok = jg_xlsx_read (path, on_import_row, &import, error);
  column_field = import.column_field;

  if (ok && !import.have_layout)
    {
      ok = set_unreadable (error, path, _("“%s” holds no rows. Nothing was imported."));
    }
  if (ok && import.in_transaction)
    ok = jg_store_commit (store, error);
  {
    g_autofree char *restore = g_strdup_printf ("PRAGMA cache_size = %d", cache_size);
    if (!ok && import.in_transaction)
      jg_store_rollback (store);
    jg_store_exec (store, restore, NULL);
  }
  if (!ok)
    {
      memset (result, 0, sizeof *result);
      g_ptr_array_set_size (problems, 0);
      return FALSE;
    }

  if (report_path != NULL)
    {
      g_autoptr(GError) report_error = NULL;

      /* The records are in: a report that cannot be written is a warning,
       * not a failed import. */
      if (!write_report (report_path, problems, &report_error))
        g_warning ("%s", report_error->message);
    }
  return TRUE;
}

gboolean
jg_transfer_import (JgStore        *store,
                    const char     *path,
                    const char     *report_path,
                    JgImportResult *result,
                    GPtrArray      *problems,
                    GCancellable   *cancellable,
                    GError        **error)
{
  return jg_transfer_import_as (store, path, JG_RECORD_STATE_READY, report_path, result,
                                problems, cancellable, error);
}

gboolean
jg_transfer_import_as (JgStore        *store,
                       const char     *path,
                       JgRecordState   state,
                       const char     *report_path,
                       JgImportResult *result,
                       GPtrArray      *problems,
                       GCancellable   *cancellable,
                       GError        **error)
{
  return run_import (store, path, FALSE, state, report_path, result, problems, cancellable, error);
}

gboolean
jg_transfer_check (JgStore        *store,
                   const char     *path,
                   const char     *report_path,
                   JgImportResult *result,
                   GPtrArray      *problems,
                   GCancellable   *cancellable,
                   GError        **error)
{
  return run_import (store, path, TRUE, JG_RECORD_STATE_READY, report_path, result, problems,
                     cancellable, error);
}
