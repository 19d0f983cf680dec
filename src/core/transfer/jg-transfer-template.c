/* jg-transfer-template.c — empty import templates
 *
 * A template is the header row of a kind plus notes on how to fill each
 * column: a second row in CSV, a second sheet in XLSX. The notes are part of
 * the national-format file, in Chinese whatever the UI language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-transfer-private.h"
#include "jg-store-private.h"

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

/* What the note of a column says of its type, after "必填" or "选填"; and
 * whether the type fixes the value's length, so that "最多 N 字" would say
 * nothing more. Code columns list their codes instead (field_note()). */
static const struct {
  const char *note;
  gboolean    fixed_length;
} type_notes[] = {
  [JG_FIELD_TEXT]        = { NULL, FALSE },
  [JG_FIELD_LONG_TEXT]   = { NULL, FALSE },
  [JG_FIELD_CODE]        = { NULL, TRUE },
  [JG_FIELD_DATE]        = { "；日期，格式 YYYY-MM-DD", TRUE },
  [JG_FIELD_DATETIME]    = { "；日期时间，格式 YYYY-MM-DD HH:MM", TRUE },
  [JG_FIELD_AMOUNT]      = { "；金额（元），最多两位小数", FALSE },
  [JG_FIELD_BOOL]        = { "；1 是；0 否", TRUE },
  [JG_FIELD_CATALOGUE]   = { "；监管事项目录编码（14位数字）", TRUE },
  [JG_FIELD_IMPL]        = { "；该监管事项的检查实施清单编码", FALSE },
  [JG_FIELD_PARTY_CODE]  = { "；统一社会信用代码或身份证号码，与证件类型一致", FALSE },
  [JG_FIELD_RECORD_LINK] = { "；已录入的行政检查的检查行为编号", FALSE },
  [JG_FIELD_OFFICERS]    = { "；执法人员编号，以分号分隔", FALSE },
};

/* The notes cell of a column. The notes are part of the national-format
 * file, in Chinese whatever the UI language, like the headers. */
static char *
field_note (JgStore           *store,
            const JgFieldSpec *spec)
{
  GString *note = g_string_new (JG_TRANSFER_NOTE_PREFIX);
  gboolean known = spec->type < G_N_ELEMENTS (type_notes);

  g_string_append (note, spec->required ? "必填" : "选填");
  if (spec->type == JG_FIELD_CODE)
    {
      g_autofree char *codes = code_list (store, spec->code_table);

      if (codes != NULL)
        g_string_append_printf (note, "；代码：%s", codes);
      else
        g_string_append_printf (note, "；填代码表“%s”中的代码", spec->code_table ? spec->code_table : "");
    }
  else if (known && type_notes[spec->type].note != NULL)
    g_string_append (note, type_notes[spec->type].note);

  if (spec->max_length > 0 && !(known && type_notes[spec->type].fixed_length))
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
  JgTransferWriter writer;
  guint n_fields;
  gboolean ok;

  g_return_val_if_fail (kind < JG_RECORD_N_KINDS, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  fields = jg_record_fields (kind, &n_fields);
  headers = jg_transfer_headers (kind, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    g_ptr_array_add (notes, field_note (store, &fields[i]));

  if (!jg_transfer_writer_open (&writer, path, jg_transfer_sheet_name (kind), error))
    return FALSE;

  ok = jg_transfer_writer_row (&writer, headers, n_fields, error);
  if (ok && writer.csv != NULL)
    ok = jg_transfer_writer_row (&writer, (const char * const *) notes->pdata, n_fields, error);
  else if (ok)
    {
      /* XLSX: the notes go to a second sheet, one line per column. */
      const char *title[] = { "列名", "填写说明" };

      jg_xlsx_writer_add_sheet (writer.xlsx, "填写说明");
      ok = jg_transfer_writer_row (&writer, title, 2, error);
      for (guint i = 0; ok && i < n_fields; i++)
        {
          const char *line[] = { fields[i].header, notes->pdata[i] };
          ok = jg_transfer_writer_row (&writer, line, 2, error);
        }
      if (ok)
        {
          /* What holds for every column (jg-transfer-cells.h, jg-xlsx.c). */
          const char *line[] = {
            "（所有列）",
            "日期可以是设置为日期格式的单元格；以 =、+、-、@ 开头的内容按文本导入，"
            "不作为公式计算。本系统导出的 CSV 文件在这类内容前加一个撇号 '，导入时去掉。",
          };
          ok = jg_transfer_writer_row (&writer, line, 2, error);
        }
    }

  if (!ok)
    {
      jg_transfer_writer_abort (&writer);
      return FALSE;
    }
  return jg_transfer_writer_close (&writer, error);
}

gboolean
jg_transfer_write_template (JgRecordKind   kind,
                            const char    *path,
                            GError       **error)
{
  return jg_transfer_write_template_with_codes (NULL, kind, path, error);
}
