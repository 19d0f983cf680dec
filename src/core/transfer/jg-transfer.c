/* jg-transfer.c — legacy data (存量数据): templates, import and export
 *
 * See jg-transfer.h for the contract. An import reads the file into memory
 * once (to detect its encoding), then parses and handles it row by row: each
 * row becomes a JgRecord, is validated against a context that caches the
 * catalogue, code-table and roster lookups, and — when valid and new — is
 * saved as a ready record. All saves of one file share one transaction: a
 * file that turns out to be unreadable half-way, an SQLite failure or a
 * cancellation rolls everything back, so an import is never partial.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-csv.h"
#include "jg-record-store.h"
#include "jg-transfer.h"
#include "jg-validate.h"
#include "jg-xlsx.h"
#include "jg-store-private.h"

G_DEFINE_QUARK (jg-transfer-error-quark, jg_transfer_error)

/* Every cell of a template's notes row starts with this: an import knows the
 * row by it, and no real value starts so. */
#define NOTE_PREFIX "说明："
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

/* --- file formats --------------------------------------------------------------- */

typedef enum {
  FORMAT_CSV,
  FORMAT_XLSX,
} Format;

static gboolean
format_of (const char  *path,
           Format      *format,
           GError     **error)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".csv"))
    *format = FORMAT_CSV;
  else if (g_str_has_suffix (lower, ".xlsx"))
    *format = FORMAT_XLSX;
  else
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, JG_TRANSFER_ERROR, JG_TRANSFER_ERROR_FORMAT,
                   _("“%s” is neither a CSV (.csv) nor an Excel (.xlsx) file. "
                     "Choose a file with one of these extensions."),
                   display);
      return FALSE;
    }
  return TRUE;
}

/* One writer over both formats. */
typedef struct {
  JgCsvWriter  *csv;
  JgXlsxWriter *xlsx;
} Writer;

static gboolean
writer_open (Writer      *writer,
             const char  *path,
             const char  *sheet_name,
             GError     **error)
{
  Format format;

  memset (writer, 0, sizeof *writer);
  if (!format_of (path, &format, error))
    return FALSE;
  if (format == FORMAT_CSV)
    writer->csv = jg_csv_writer_new (path, error);
  else if ((writer->xlsx = jg_xlsx_writer_new (path, error)) != NULL)
    jg_xlsx_writer_add_sheet (writer->xlsx, sheet_name);
  return writer->csv != NULL || writer->xlsx != NULL;
}

static gboolean
writer_row (Writer             *writer,
            const char * const *cells,
            guint               n_cells,
            GError            **error)
{
  if (writer->csv != NULL)
    return jg_csv_writer_row (writer->csv, cells, n_cells, error);
  return jg_xlsx_writer_row (writer->xlsx, cells, n_cells, error);
}

static gboolean
writer_close (Writer  *writer,
              GError **error)
{
  if (writer->csv != NULL)
    return jg_csv_writer_close (g_steal_pointer (&writer->csv), error);
  return jg_xlsx_writer_close (g_steal_pointer (&writer->xlsx), error);
}

static void
writer_abort (Writer *writer)
{
  g_clear_pointer (&writer->csv, jg_csv_writer_abort);
  g_clear_pointer (&writer->xlsx, jg_xlsx_writer_abort);
}

/* The national name of a kind, for sheet names (files are always Chinese). */
static const char *
kind_sheet_name (JgRecordKind kind)
{
  static const char * const names[JG_RECORD_N_KINDS] = {
    "行政检查", "行政处罚", "行政强制", "其他行为",
  };
  return names[kind];
}

static const char **
headers_of (JgRecordKind kind,
            guint       *n_fields)
{
  const JgFieldSpec *fields = jg_record_fields (kind, n_fields);
  const char **headers = g_new0 (const char *, *n_fields + 1);

  for (guint i = 0; i < *n_fields; i++)
    headers[i] = fields[i].header;
  return headers;
}

/* --- templates ------------------------------------------------------------------- */

/* "01 日常检查；02 专项检查；99 其他", or NULL when the table is not cached. */
static char *
code_list (JgStore    *store,
           const char *table)
{
  g_autoptr(GString) list = g_string_new (NULL);
  sqlite3_stmt *stmt;

  if (store == NULL || table == NULL)
    return NULL;
  stmt = jg_store_prepare (store,
                           "SELECT code, name FROM code_entry WHERE tbl = ?1 ORDER BY sort, code",
                           NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (list, "%s%s %s", list->len ? "；" : "",
                            (const char *) sqlite3_column_text (stmt, 0),
                            (const char *) sqlite3_column_text (stmt, 1));
  sqlite3_reset (stmt);
  return list->len ? g_strdup (list->str) : NULL;
}

/* The notes cell of a column. The notes are part of the national-format
 * file, in Chinese whatever the UI language, like the headers. */
static char *
field_note (JgStore           *store,
            const JgFieldSpec *spec)
{
  GString *note = g_string_new (NOTE_PREFIX);
  g_autofree char *codes = NULL;

  g_string_append (note, spec->required ? "必填" : "选填");
  switch (spec->type)
    {
    case JG_FIELD_CODE:
      codes = code_list (store, spec->code_table);
      if (codes != NULL)
        g_string_append_printf (note, "；代码：%s", codes);
      else
        g_string_append_printf (note, "；填代码表“%s”中的代码", spec->code_table ? spec->code_table : "");
      break;
    case JG_FIELD_DATE:
      g_string_append (note, "；日期，格式 YYYY-MM-DD");
      break;
    case JG_FIELD_DATETIME:
      g_string_append (note, "；日期时间，格式 YYYY-MM-DD HH:MM");
      break;
    case JG_FIELD_AMOUNT:
      g_string_append (note, "；金额（元），最多两位小数");
      break;
    case JG_FIELD_BOOL:
      g_string_append (note, "；1 是；0 否");
      break;
    case JG_FIELD_CATALOGUE:
      g_string_append (note, "；监管事项目录编码（14位数字）");
      break;
    case JG_FIELD_IMPL:
      g_string_append (note, "；该监管事项的检查实施清单编码");
      break;
    case JG_FIELD_PARTY_CODE:
      g_string_append (note, "；统一社会信用代码或身份证号码，与证件类型一致");
      break;
    case JG_FIELD_RECORD_LINK:
      g_string_append (note, "；已录入的行政检查的检查行为编号");
      break;
    case JG_FIELD_OFFICERS:
      g_string_append (note, "；执法人员编号，以分号分隔");
      break;
    case JG_FIELD_TEXT:
    case JG_FIELD_LONG_TEXT:
    default:
      break;
    }
  if (spec->max_length > 0 && spec->type != JG_FIELD_CODE && spec->type != JG_FIELD_DATE
      && spec->type != JG_FIELD_DATETIME && spec->type != JG_FIELD_BOOL
      && spec->type != JG_FIELD_CATALOGUE)
    g_string_append_printf (note, "；最多 %u 字", spec->max_length);
  return g_string_free (note, FALSE);
}

gboolean
jg_transfer_write_template_with_codes (JgStore       *store,
                                       JgRecordKind   kind,
                                       const char    *path,
                                       GError       **error)
{
  g_autofree const char **headers = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  const JgFieldSpec *fields;
  Writer writer;
  guint n_fields;
  gboolean ok;

  g_return_val_if_fail (kind < JG_RECORD_N_KINDS, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  fields = jg_record_fields (kind, &n_fields);
  headers = headers_of (kind, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    g_ptr_array_add (notes, field_note (store, &fields[i]));

  if (!writer_open (&writer, path, kind_sheet_name (kind), error))
    return FALSE;

  ok = writer_row (&writer, headers, n_fields, error);
  if (ok && writer.csv != NULL)
    ok = writer_row (&writer, (const char * const *) notes->pdata, n_fields, error);
  else if (ok)
    {
      /* XLSX: the notes go to a second sheet, one line per column. */
      const char *title[] = { "列名", "填写说明" };

      jg_xlsx_writer_add_sheet (writer.xlsx, "填写说明");
      ok = writer_row (&writer, title, 2, error);
      for (guint i = 0; ok && i < n_fields; i++)
        {
          const char *line[] = { fields[i].header, notes->pdata[i] };
          ok = writer_row (&writer, line, 2, error);
        }
    }

  if (!ok)
    {
      writer_abort (&writer);
      return FALSE;
    }
  return writer_close (&writer, error);
}

gboolean
jg_transfer_write_template (JgRecordKind   kind,
                            const char    *path,
                            GError       **error)
{
  return jg_transfer_write_template_with_codes (NULL, kind, path, error);
}

/* --- a caching validation context ---------------------------------------------- */

/* Wraps the store's context: catalogue items, implementation entries, code
 * tables and officers do not change during an import, so each is looked up
 * in SQLite once. Record lookups (numbers) pass through: they do change. */
typedef struct {
  JgValidationContext  pub;
  JgValidationContext *inner;
  GHashTable          *codes;     /* "table\x1fcode" → bool */
  GHashTable          *items;     /* code → JgItemInfo* or NULL */
  GHashTable          *impls;     /* "impl\x1fitem" → bool */
  GHashTable          *officers;  /* id → JgOfficerInfo* or NULL */
  GHashTable          *inspections; /* numbers known to exist */
  /* The number just checked free for the record being validated. */
  char                *free_number;
  char                *free_uuid;
} CacheContext;

static void
item_info_free (JgItemInfo *info)
{
  if (info == NULL)
    return;
  jg_item_info_clear (info);
  g_free (info);
}

static void
officer_info_free (JgOfficerInfo *info)
{
  if (info == NULL)
    return;
  jg_officer_info_clear (info);
  g_free (info);
}

static char *
pair_key (const char *a,
          const char *b)
{
  return g_strconcat (a ? a : "", "\x1f", b ? b : "", NULL);
}

static gboolean
cache_code_exists (gpointer    user_data,
                   const char *table,
                   const char *code)
{
  CacheContext *cache = user_data;
  char *key = pair_key (table, code);
  gpointer value;
  gboolean exists;

  if (g_hash_table_lookup_extended (cache->codes, key, NULL, &value))
    {
      g_free (key);
      return GPOINTER_TO_INT (value);
    }
  exists = cache->inner->code_exists (cache->inner->user_data, table, code);
  g_hash_table_insert (cache->codes, key, GINT_TO_POINTER (exists));
  return exists;
}

static gboolean
cache_lookup_item (gpointer    user_data,
                   const char *code,
                   JgItemInfo *info)
{
  CacheContext *cache = user_data;
  JgItemInfo *cached;

  if (!g_hash_table_lookup_extended (cache->items, code, NULL, (gpointer *) &cached))
    {
      cached = g_new0 (JgItemInfo, 1);
      if (!cache->inner->lookup_item (cache->inner->user_data, code, cached))
        g_clear_pointer (&cached, item_info_free);
      g_hash_table_insert (cache->items, g_strdup (code), cached);
    }
  if (cached == NULL)
    return FALSE;
  info->code = g_strdup (cached->code);
  info->action_type = g_strdup (cached->action_type);
  info->status = g_strdup (cached->status);
  info->effective_date = g_strdup (cached->effective_date);
  info->cancel_date = g_strdup (cached->cancel_date);
  return TRUE;
}

static gboolean
cache_impl_belongs (gpointer    user_data,
                    const char *impl_code,
                    const char *item_code)
{
  CacheContext *cache = user_data;
  char *key = pair_key (impl_code, item_code);
  gpointer value;
  gboolean belongs;

  if (g_hash_table_lookup_extended (cache->impls, key, NULL, &value))
    {
      g_free (key);
      return GPOINTER_TO_INT (value);
    }
  belongs = cache->inner->impl_belongs (cache->inner->user_data, impl_code, item_code);
  g_hash_table_insert (cache->impls, key, GINT_TO_POINTER (belongs));
  return belongs;
}

static gboolean
cache_lookup_officer (gpointer       user_data,
                      const char    *id,
                      JgOfficerInfo *info)
{
  CacheContext *cache = user_data;
  JgOfficerInfo *cached;

  if (!g_hash_table_lookup_extended (cache->officers, id, NULL, (gpointer *) &cached))
    {
      cached = g_new0 (JgOfficerInfo, 1);
      if (!cache->inner->lookup_officer (cache->inner->user_data, id, cached))
        g_clear_pointer (&cached, officer_info_free);
      g_hash_table_insert (cache->officers, g_strdup (id), cached);
    }
  if (cached == NULL)
    return FALSE;
  info->id = g_strdup (cached->id);
  info->name = g_strdup (cached->name);
  info->department = g_strdup (cached->department);
  info->cert_no = g_strdup (cached->cert_no);
  info->cert_valid_from = g_strdup (cached->cert_valid_from);
  info->cert_valid_to = g_strdup (cached->cert_valid_to);
  return TRUE;
}

static gboolean
cache_number_taken (gpointer      user_data,
                    JgRecordKind  kind,
                    const char   *department,
                    const char   *number,
                    const char   *uuid)
{
  CacheContext *cache = user_data;

  /* The import has just asked the store about this very record. */
  if (g_strcmp0 (number, cache->free_number) == 0 && g_strcmp0 (uuid, cache->free_uuid) == 0)
    return FALSE;
  return cache->inner->number_taken (cache->inner->user_data, kind, department, number, uuid);
}

static gboolean
cache_inspection_exists (gpointer    user_data,
                         const char *department,
                         const char *number)
{
  CacheContext *cache = user_data;
  char *key = pair_key (department, number);

  if (g_hash_table_contains (cache->inspections, key))
    {
      g_free (key);
      return TRUE;
    }
  if (!cache->inner->inspection_exists (cache->inner->user_data, department, number))
    {
      g_free (key);
      return FALSE;
    }
  g_hash_table_add (cache->inspections, key);
  return TRUE;
}

static CacheContext *
cache_context_new (JgStore *store)
{
  CacheContext *cache = g_new0 (CacheContext, 1);

  cache->inner = jg_record_store_get_context (store);
  cache->pub.user_data = cache;
  memcpy (cache->pub.today, cache->inner->today, sizeof cache->pub.today);
  cache->pub.code_exists = cache_code_exists;
  cache->pub.lookup_item = cache_lookup_item;
  cache->pub.impl_belongs = cache_impl_belongs;
  cache->pub.lookup_officer = cache_lookup_officer;
  cache->pub.number_taken = cache_number_taken;
  cache->pub.inspection_exists = cache_inspection_exists;
  cache->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  cache->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) item_info_free);
  cache->impls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  cache->officers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) officer_info_free);
  cache->inspections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return cache;
}

static void
cache_context_free (CacheContext *cache)
{
  if (cache == NULL)
    return;
  jg_validation_context_free (cache->inner);
  g_hash_table_unref (cache->codes);
  g_hash_table_unref (cache->items);
  g_hash_table_unref (cache->impls);
  g_hash_table_unref (cache->officers);
  g_hash_table_unref (cache->inspections);
  g_free (cache->free_number);
  g_free (cache->free_uuid);
  g_free (cache);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CacheContext, cache_context_free)

/* --- import ------------------------------------------------------------------------- */

typedef struct {
  JgStore             *store;
  const char          *department;
  const char          *who;
  CacheContext        *cache;
  JgImportResult      *result;
  GPtrArray           *problems;
  GCancellable        *cancellable;
  gboolean             pad_short_rows;  /* XLSX leaves trailing empty cells out */

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
add_problem (Import     *import,
             guint       row,
             const char *column,
             const char *value,
             const char *reason)
{
  JgImportProblem *problem = g_new0 (JgImportProblem, 1);

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
      if (!g_str_has_prefix (cell, NOTE_PREFIX))
        return FALSE;
      any = TRUE;
    }
  return any;
}

static gboolean
import_record (Import     *import,
               guint       row,
               GPtrArray  *cells,
               GError    **error)
{
  g_autoptr(JgRecord) record = jg_record_new (import->kind, import->department);
  g_autoptr(GPtrArray) issues = NULL;
  const char *number;

  for (guint c = 0; c < import->n_columns && c < cells->len; c++)
    {
      const char *cell = cells->pdata[c];

      if (*cell != '\0')
        jg_record_set (record, import->fields[import->column_field[c]].key, cell);
    }

  number = import->number_column < cells->len ? cells->pdata[import->number_column] : "";
  if (*number != '\0')
    {
      /* Taken by a stored record, or by an earlier row of this file (saved in
       * this transaction): a duplicate, not imported again. */
      if (import->cache->inner->number_taken (import->cache->inner->user_data, import->kind,
                                              import->department, number,
                                              jg_record_get_uuid (record)))
        {
          import->result->duplicates++;
          return TRUE;
        }
      g_free (import->cache->free_number);
      g_free (import->cache->free_uuid);
      import->cache->free_number = g_strdup (number);
      import->cache->free_uuid = g_strdup (jg_record_get_uuid (record));
    }

  issues = jg_validate_record (record, &import->cache->pub);
  if (jg_issues_have_errors (issues))
    {
      for (guint i = 0; i < issues->len; i++)
        {
          JgIssue *issue = issues->pdata[i];
          const JgFieldSpec *spec;

          if (issue->severity != JG_ISSUE_ERROR)
            continue;
          spec = issue->field ? jg_record_field_lookup (import->kind, issue->field) : NULL;
          add_problem (import, row, spec ? spec->header : NULL,
                       spec ? jg_record_get (record, spec->key) : NULL, issue->message);
        }
      import->result->rejected++;
      return TRUE;
    }

  jg_record_set_identity (record, jg_record_get_uuid (record), 1, JG_RECORD_STATE_READY);
  if (!jg_record_store_save (import->store, record, import->who, error))
    return FALSE;
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
      add_problem (import, row, NULL, NULL, reason);
      import->result->rejected++;
      return TRUE;
    }
  if (n_cells < import->n_columns && !import->pad_short_rows)
    {
      g_autofree char *reason =
        g_strdup_printf (_("The row has only %u cells but the file has %u columns."),
                         n_cells, import->n_columns);
      add_problem (import, row, NULL, NULL, reason);
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
  Writer writer;

  if (!writer_open (&writer, path, "导入问题", error))
    return FALSE;
  if (!writer_row (&writer, title, G_N_ELEMENTS (title), error))
    goto fail;
  for (guint i = 0; i < problems->len; i++)
    {
      JgImportProblem *problem = problems->pdata[i];
      g_autofree char *row = g_strdup_printf ("%u", problem->row);
      const char *cells[] = { row, problem->column, problem->value, problem->reason };

      if (!writer_row (&writer, cells, G_N_ELEMENTS (cells), error))
        goto fail;
    }
  return writer_close (&writer, error);

fail:
  writer_abort (&writer);
  return FALSE;
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
  g_autoptr(CacheContext) cache = NULL;
  g_autoptr(GPtrArray) own_problems = NULL;
  g_autofree char *department = NULL;
  g_autofree char *text = NULL;
  g_autofree guint *column_field = NULL;
  JgImportResult local_result = { 0, };
  Import import = { 0, };
  Format format;
  gsize length = 0;
  int cache_size;
  gboolean ok;

  g_return_val_if_fail (JG_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (result == NULL)
    result = &local_result;
  memset (result, 0, sizeof *result);
  if (problems == NULL)
    problems = own_problems = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_import_problem_free);

  if (!format_of (path, &format, error))
    return FALSE;

  department = jg_record_store_get_department (store);
  if (department == NULL || *department == '\0')
    {
      g_set_error_literal (error, JG_TRANSFER_ERROR, JG_TRANSFER_ERROR_NO_DEPARTMENT,
                           _("Choose your department before importing records: they are "
                             "recorded in its name. Nothing was imported."));
      return FALSE;
    }

  if (format == FORMAT_CSV && (text = read_text (path, &length, error)) == NULL)
    return FALSE;

  cache = cache_context_new (store);
  import.store = store;
  import.department = department;
  import.who = g_get_user_name ();
  import.cache = cache;
  import.result = result;
  import.problems = problems;
  import.cancellable = cancellable;
  import.pad_short_rows = format == FORMAT_XLSX;

  cache_size = query_int (store, "PRAGMA cache_size");
  if (!jg_store_exec (store, "PRAGMA cache_size = -" G_STRINGIFY (IMPORT_CACHE_KIB), error))
    return FALSE;

  if (format == FORMAT_CSV)
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

/* --- export ------------------------------------------------------------------------- */

gboolean
jg_transfer_export (JgStore       *store,
                    JgRecordKind   kind,
                    const char    *from,
                    const char    *to,
                    const char    *path,
                    guint         *n_written,
                    GError       **error)
{
  g_autofree const char **headers = NULL;
  g_autofree const char **cells = NULL;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *department = NULL;
  const JgFieldSpec *fields;
  sqlite3_stmt *stmt;
  Writer writer;
  guint n_fields;
  int rc;

  g_return_val_if_fail (JG_IS_STORE (store), FALSE);
  g_return_val_if_fail (kind < JG_RECORD_N_KINDS, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (n_written != NULL)
    *n_written = 0;

  fields = jg_record_fields (kind, &n_fields);
  headers = headers_of (kind, &n_fields);
  cells = g_new0 (const char *, n_fields);
  department = jg_record_store_get_department (store);

  /* The account's records of @kind in the range, oldest first; records
   * waiting to be deleted on the server are gone for the user. Only ids
   * here (36 bytes a record): each record is loaded as it is written. */
  stmt = jg_store_prepare (store,
                           "SELECT uuid FROM record"
                           " WHERE kind = ?1 AND deleting = 0"
                           "   AND (?2 IS NULL OR department IS ?2)"
                           "   AND (?3 IS NULL OR substr (main_date, 1, 10) >= ?3)"
                           "   AND (?4 IS NULL OR substr (main_date, 1, 10) <= ?4)"
                           " ORDER BY sort_date, created, uuid",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, jg_record_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, department, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, to, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return jg_store_set_error (store, error, rc);

  if (!writer_open (&writer, path, kind_sheet_name (kind), error))
    return FALSE;
  if (!writer_row (&writer, headers, n_fields, error))
    goto fail;

  for (guint i = 0; i < uuids->len; i++)
    {
      g_autoptr(JgRecord) record = jg_record_store_load (store, uuids->pdata[i], error);

      if (record == NULL)
        goto fail;
      for (guint f = 0; f < n_fields; f++)
        cells[f] = jg_record_get (record, fields[f].key);
      if (!writer_row (&writer, cells, n_fields, error))
        goto fail;
    }

  if (!writer_close (&writer, error))
    return FALSE;
  if (n_written != NULL)
    *n_written = uuids->len;
  return TRUE;

fail:
  writer_abort (&writer);
  return FALSE;
}
