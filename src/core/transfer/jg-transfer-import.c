/* jg-transfer-import.c — legacy records in, from a filled-in template
 *
 * An import reads the file into memory once (to detect its encoding), then
 * parses and handles it row by row: each cell is read forgivingly
 * (jg-transfer-normalise.c, a notice for every value read another way),
 * the row becomes a JgRecord, is validated against a context that caches
 * the catalogue, code-table and roster lookups (jg-transfer-cache.c), and —
 * when valid and new — is saved as a ready record or a draft (a row with
 * warnings a draft when JG_IMPORT_WARNINGS_AS_DRAFTS), and added to the
 * import's batch
 * (jg-record-imports.c). All saves of one file share one transaction: a
 * file that turns out to be unreadable half-way, an SQLite failure or a
 * cancellation rolls everything back, so an import is never partial.
 *
 * Duplicates are judged on the values as read, so that a row typed
 * 2025/07/01 is the same record as one stored with 2025-07-01.
 *
 * A check runs the very same code without the saves: rows of the file
 * that would be imported are remembered in memory (number → content and
 * row, for a conflict's report to name the other row), not
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
#include "jg-transfer-normalise.h"
#include "jg-transfer-private.h"
#include "jg-store-private.h"

/* Longest value quoted in a problem; the rest is elided. */
#define MAX_PROBLEM_VALUE 200
#define CANCEL_CHECK_ROWS 256
/* Page cache during an import, as for a catalogue sync: a large transaction
 * that spills pages to the WAL mid-way writes them twice (the benchmark's
 * 100,000 rows: 10.6 s with the default cache, 7.7 s with this one). */
#define IMPORT_CACHE_KIB 131072

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
  JgImportFlags        flags;
  char                *file;            /* base name, for the batch */
  GHashTable          *seen;            /* number → SeenRow, rows taken */

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

/* A row taken (imported, or would be in a check), by its number. */
typedef struct {
  char  *key;       /* content_key() */
  guint  row;
} SeenRow;

static void
seen_row_free (SeenRow *seen)
{
  g_free (seen->key);
  g_free (seen);
}

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
  if (kind == JG_IMPORT_PROBLEM_NOTICE)
    import->result->notices++;
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
 * the file first, then the store) or taken with other content. *@other is
 * the earlier row of the file, 0 for the store. */
static gboolean
row_fate (Import      *import,
          const char  *number,
          const char  *key,
          RowFate     *fate,
          guint       *other,
          GError     **error)
{
  const SeenRow *earlier = g_hash_table_lookup (import->seen, number);
  g_autoptr(JgRecord) stored = NULL;
  g_autoptr(GError) local_error = NULL;

  *other = earlier != NULL ? earlier->row : 0;
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

      *fate = g_str_equal (earlier ? earlier->key : stored_key, key) ? ROW_DUPLICATE : ROW_CONFLICT;
    }
  return TRUE;
}

/* The duplicate's notice or the conflict's error, naming the other row. */
static void
report_taken (Import     *import,
              RowFate     fate,
              guint       row,
              guint       other,
              const char *number)
{
  const char *column = import->fields[import->column_field[import->number_column]].header;
  g_autofree char *reason = NULL;

  if (fate == ROW_DUPLICATE)
    {
      reason = other > 0
               ? g_strdup_printf (_("The same record as row %u: not imported again."), other)
               : g_strdup (_("This record is stored already with the same content: not imported again."));
      add_problem (import, JG_IMPORT_PROBLEM_NOTICE, row, column, number, reason);
      import->result->duplicates++;
      return;
    }
  reason = other > 0
           ? g_strdup_printf (_("Row %u has the number “%s” already, with other content. This row "
                                "was not imported: give it a number of its own, or keep one of "
                                "the two rows."), other, number)
           : g_strdup_printf (_("A record numbered “%s” is stored already, with other content. The "
                                "row was not imported: give it a number of its own, or edit the "
                                "stored record."), number);
  add_problem (import, JG_IMPORT_PROBLEM_CONFLICT, row, column, number, reason);
  import->result->conflicts++;
}

static gboolean
save_record (Import        *import,
             JgRecord      *record,
             JgRecordState  state,
             GError       **error)
{
  if (import->result->batch == 0
      && !jg_record_imports_begin (import->store, import->file, import->kind, import->state,
                                   import->department, import->who, &import->result->batch,
                                   error))
    return FALSE;
  jg_record_set_identity (record, jg_record_get_uuid (record), 1, state);
  return jg_record_store_save (import->store, record, import->who, error)
         && jg_record_imports_add (import->store, import->result->batch,
                                   jg_record_get_uuid (record), error);
}

/* The cell of column @c, read forgivingly: a notice for each value that
 * is not as the file has it. Returns @cell or the new value in @normal. */
static const char *
read_cell (Import      *import,
           guint        row,
           guint        c,
           const char  *cell,
           char       **normal)
{
  const JgFieldSpec *spec = &import->fields[import->column_field[c]];
  JgNormalised what = 0;
  g_autofree char *how = NULL;
  g_autofree char *reason = NULL;

  *normal = jg_transfer_normalise (spec, cell, jg_transfer_cache_get_context (import->cache), &what);
  if (*normal == NULL)
    return cell;
  how = jg_transfer_normalised_describe (what);
  /* TRANSLATORS: an import notice: the value as read, then how it was read */
  reason = g_strdup_printf (_("Read as “%s” (%s)."), *normal, how);
  add_problem (import, JG_IMPORT_PROBLEM_NOTICE, row, spec->header, cell, reason);
  return *normal;
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
  JgRecordState state = import->state;
  gboolean has_errors, has_warnings = FALSE;
  guint other = 0;

  for (guint c = 0; c < import->n_columns && c < cells->len; c++)
    {
      /* The export's guard against formulas comes off first, then the
       * forgiving reader sees the value as typed. */
      const char *cell = jg_transfer_cell_read (cells->pdata[c], import->pad_short_rows,
                                                &import->fields[import->column_field[c]]);
      g_autofree char *normal = NULL;

      if (*cell == '\0')
        continue;
      cell = read_cell (import, row, c, cell, &normal);
      if (*cell != '\0')
        jg_record_set (record, import->fields[import->column_field[c]].key, cell);
    }

  number = jg_record_get (record, import->fields[import->column_field[import->number_column]].key);
  if (number != NULL)
    {
      key = content_key (record);
      if (!row_fate (import, number, key, &fate, &other, error))
        return FALSE;
    }
  if (fate != ROW_NEW)
    {
      /* The same record is here already, or another one has its number. */
      report_taken (import, fate, row, other, number);
      return TRUE;
    }

  /* The number is free: the context need not ask the store again. */
  if (number != NULL)
    jg_transfer_cache_set_free_number (import->cache, number, jg_record_get_uuid (record));
  issues = jg_validate_record (record, jg_transfer_cache_get_context (import->cache));
  has_errors = jg_issues_have_errors (issues);
  for (guint i = 0; i < issues->len; i++)
    {
      JgIssue *issue = issues->pdata[i];
      gboolean is_error = issue->severity == JG_ISSUE_ERROR;
      const JgFieldSpec *spec;

      /* A rejected row lists its errors: its warnings come once it is
       * mended. */
      if (is_error != has_errors)
        continue;
      spec = issue->field ? jg_record_field_lookup (import->kind, issue->field) : NULL;
      add_problem (import, is_error ? JG_IMPORT_PROBLEM_ERROR : JG_IMPORT_PROBLEM_WARNING, row,
                   spec ? spec->header : NULL, spec ? jg_record_get (record, spec->key) : NULL,
                   issue->message);
      if (!is_error)
        {
          import->result->warnings++;
          has_warnings = TRUE;
        }
    }
  if (has_errors)
    {
      import->result->rejected++;
      return TRUE;
    }

  if (has_warnings && (import->flags & JG_IMPORT_WARNINGS_AS_DRAFTS))
    state = JG_RECORD_STATE_DRAFT;
  if (!import->check_only && !save_record (import, record, state, error))
    return FALSE;
  if (number != NULL)
    {
      SeenRow *seen = g_new0 (SeenRow, 1);

      seen->key = g_steal_pointer (&key);
      seen->row = row;
      g_hash_table_insert (import->seen, g_strdup (number), seen);
    }
  import->result->imported++;
  if (has_warnings)
    import->result->with_warnings++;
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
run_import (JgStore        *store,
            const char     *path,
            gboolean        check_only,
            JgRecordState   state,
            JgImportFlags   flags,
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
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) seen_row_free);
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
  import.flags = flags;
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
      if (!jg_transfer_write_report (report_path, problems, &report_error))
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
  return jg_transfer_import_full (store, path, state, JG_IMPORT_FLAGS_NONE, report_path, result,
                                  problems, cancellable, error);
}

gboolean
jg_transfer_import_full (JgStore        *store,
                         const char     *path,
                         JgRecordState   state,
                         JgImportFlags   flags,
                         const char     *report_path,
                         JgImportResult *result,
                         GPtrArray      *problems,
                         GCancellable   *cancellable,
                         GError        **error)
{
  return run_import (store, path, FALSE, state, flags, report_path, result, problems, cancellable,
                     error);
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
  return run_import (store, path, TRUE, JG_RECORD_STATE_READY, JG_IMPORT_FLAGS_NONE, report_path,
                     result, problems, cancellable, error);
}
