/* jg-xlsx.c — XLSX rows in and out
 *
 * Why our own reader: Debian 12 packages a library to write XLSX
 * (libxlsxwriter) but none to read it. An XLSX file is a zip archive of XML
 * parts, and an import needs only the cell texts of the first sheet, so
 * this file reads them with libzip and libxml2's streaming xmlTextReader:
 * xl/workbook.xml names the first sheet's relationship id and the date
 * system, xl/_rels/workbook.xml.rels maps ids to parts, xl/styles.xml says
 * which cell styles show numbers as dates, xl/sharedStrings.xml holds the
 * shared texts, and the sheet's <row>/<c> elements are streamed straight
 * out of the archive, one row at a time.
 *
 * A cell's text is what Excel or WPS shows of it, as the import writes it
 * (jg-xlsx-values.c): shared and inline strings with their rich text runs
 * joined and _xHHHH_ escapes decoded, a formula's cached result, TRUE and
 * FALSE as 1 and 0, a date-formatted number as "2026-11-15" (with
 * " 14:30" when its format shows the time), any other number as its
 * shortest decimal text. Writing escapes what the reader decodes, so an
 * export reads back byte for byte.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/xmlreader.h>
#include <string.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "jg-transfer.h"
#include "jg-xlsx.h"
#include "jg-xlsx-private.h"

#define MAX_PART_SIZE        (16 * 1024 * 1024)   /* workbook.xml, rels */
#define MAX_SHARED_SIZE      (512 * 1024 * 1024)  /* uncompressed sharedStrings.xml */
#define MAX_COLUMNS          16384                /* XFD, Excel's last column */
/* Marks a custom <numFmt> in read_styles()'s table, beside JgXlsxShows. */
#define CUSTOM_FORMAT        (1 << 7)
#define XML_OPTIONS          (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

static gboolean
set_unreadable (GError    **error,
                const char *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, JG_TRANSFER_ERROR, JG_TRANSFER_ERROR_UNREADABLE,
               _("“%s” is not a readable Excel workbook (XLSX). Nothing was imported."),
               display);
  return FALSE;
}

/* --- reading parts out of the archive --------------------------------------- */

static int
zip_read_cb (void *context,
             char *buffer,
             int   len)
{
  zip_int64_t n = zip_fread (context, buffer, len);
  return n < 0 ? -1 : (int) n;
}

static int
zip_close_cb (void *context)
{
  return 0;
}

static xmlTextReaderPtr
open_part (zip_t       *zip,
           const char  *name,
           zip_uint64_t limit,
           zip_file_t **file)
{
  zip_stat_t st;

  *file = NULL;
  zip_stat_init (&st);
  if (zip_stat (zip, name, ZIP_FL_NOCASE, &st) != 0)
    return NULL;
  if ((st.valid & ZIP_STAT_SIZE) && st.size > limit)
    return NULL;
  *file = zip_fopen (zip, name, ZIP_FL_NOCASE);
  if (*file == NULL)
    return NULL;
  return xmlReaderForIO (zip_read_cb, zip_close_cb, *file, NULL, NULL, XML_OPTIONS);
}

static void
close_part (xmlTextReaderPtr reader,
            zip_file_t      *file)
{
  if (reader != NULL)
    xmlFreeTextReader (reader);
  if (file != NULL)
    zip_fclose (file);
}

static gboolean
is_element (xmlTextReaderPtr reader,
            const char      *local_name)
{
  return xmlTextReaderNodeType (reader) == XML_READER_TYPE_ELEMENT
         && g_strcmp0 ((const char *) xmlTextReaderConstLocalName (reader), local_name) == 0;
}

static gboolean
is_end (xmlTextReaderPtr reader,
        const char      *local_name)
{
  return xmlTextReaderNodeType (reader) == XML_READER_TYPE_END_ELEMENT
         && g_strcmp0 ((const char *) xmlTextReaderConstLocalName (reader), local_name) == 0;
}

/* An attribute by local name, whatever its namespace prefix (r:id). */
static char *
attribute (xmlTextReaderPtr reader,
           const char      *local_name)
{
  char *value = NULL;

  if (xmlTextReaderMoveToFirstAttribute (reader) != 1)
    return NULL;
  do
    if (g_strcmp0 ((const char *) xmlTextReaderConstLocalName (reader), local_name) == 0)
      {
        value = g_strdup ((const char *) xmlTextReaderConstValue (reader));
        break;
      }
  while (xmlTextReaderMoveToNextAttribute (reader) == 1);
  xmlTextReaderMoveToElement (reader);
  return value;
}

/* A relationship's target as a part name: "worksheets/sheet1.xml" is
 * relative to xl/, "/xl/styles.xml" absolute. */
static char *
part_name (const char *target)
{
  return target[0] == '/' ? g_strdup (target + 1) : g_strconcat ("xl/", target, NULL);
}

/* What xl/workbook.xml and its relationships say: the first sheet's part,
 * the styles and shared strings parts, and the date system. */
typedef struct {
  char     *sheet;
  char     *styles;
  char     *shared;
  gboolean  date1904;
} Workbook;

static void
workbook_clear (Workbook *book)
{
  g_free (book->sheet);
  g_free (book->styles);
  g_free (book->shared);
}

static gboolean
is_true (const char *value)
{
  return g_strcmp0 (value, "1") == 0 || g_strcmp0 (value, "true") == 0;
}

static void
read_workbook (zip_t    *zip,
               Workbook *book)
{
  zip_file_t *file;
  xmlTextReaderPtr reader;
  g_autofree char *rid = NULL;

  reader = open_part (zip, "xl/workbook.xml", MAX_PART_SIZE, &file);
  while (reader != NULL && rid == NULL && xmlTextReaderRead (reader) == 1)
    if (is_element (reader, "workbookPr"))
      {
        g_autofree char *date1904 = attribute (reader, "date1904");
        book->date1904 = is_true (date1904);
      }
    else if (is_element (reader, "sheet"))
      rid = attribute (reader, "id");
  close_part (reader, file);

  reader = open_part (zip, "xl/_rels/workbook.xml.rels", MAX_PART_SIZE, &file);
  while (reader != NULL && xmlTextReaderRead (reader) == 1)
    if (is_element (reader, "Relationship"))
      {
        g_autofree char *id = attribute (reader, "Id");
        g_autofree char *type = attribute (reader, "Type");
        g_autofree char *target = attribute (reader, "Target");

        if (target == NULL)
          continue;
        if (book->sheet == NULL && rid != NULL && g_strcmp0 (id, rid) == 0)
          book->sheet = part_name (target);
        else if (book->styles == NULL && type != NULL && g_str_has_suffix (type, "/styles"))
          book->styles = part_name (target);
        else if (book->shared == NULL && type != NULL && g_str_has_suffix (type, "/sharedStrings"))
          book->shared = part_name (target);
      }
  close_part (reader, file);

  if (book->sheet == NULL)
    book->sheet = g_strdup ("xl/worksheets/sheet1.xml");
  if (book->styles == NULL)
    book->styles = g_strdup ("xl/styles.xml");
  if (book->shared == NULL)
    book->shared = g_strdup ("xl/sharedStrings.xml");
}

/* What each cell style (the index a cell's s="" names in <cellXfs>) shows
 * of a number: its numFmtId, built-in or a custom <numFmt> of the file. A
 * workbook without styles shows plain numbers. */
static GByteArray *
read_styles (zip_t      *zip,
             const char *part)
{
  GByteArray *shows = g_byte_array_new ();
  g_autoptr(GHashTable) custom = g_hash_table_new (g_direct_hash, g_direct_equal);
  zip_file_t *file;
  xmlTextReaderPtr reader;
  gboolean in_formats = FALSE, in_cell_xfs = FALSE;

  reader = open_part (zip, part, MAX_PART_SIZE, &file);
  while (reader != NULL && xmlTextReaderRead (reader) == 1)
    {
      if (is_element (reader, "numFmts"))
        in_formats = !xmlTextReaderIsEmptyElement (reader);
      else if (is_end (reader, "numFmts"))
        in_formats = FALSE;
      else if (is_element (reader, "cellXfs"))
        in_cell_xfs = !xmlTextReaderIsEmptyElement (reader);
      else if (is_end (reader, "cellXfs"))
        break;   /* nothing after it matters */
      else if (in_formats && is_element (reader, "numFmt"))
        {
          g_autofree char *id = attribute (reader, "numFmtId");
          g_autofree char *code = attribute (reader, "formatCode");

          if (id != NULL && code != NULL)
            g_hash_table_insert (custom, GUINT_TO_POINTER (g_ascii_strtoull (id, NULL, 10)),
                                 GUINT_TO_POINTER (jg_xlsx_format_code_shows (code) | CUSTOM_FORMAT));
        }
      else if (in_cell_xfs && is_element (reader, "xf"))
        {
          g_autofree char *id = attribute (reader, "numFmtId");
          guint n = id ? (guint) g_ascii_strtoull (id, NULL, 10) : 0;
          gpointer found = g_hash_table_lookup (custom, GUINT_TO_POINTER (n));
          guint8 value = found ? (GPOINTER_TO_UINT (found) & ~CUSTOM_FORMAT)
                               : jg_xlsx_builtin_format_shows (n);

          g_byte_array_append (shows, &value, 1);
        }
    }
  close_part (reader, file);
  return shows;
}

/* Collects the text of <t> elements up to the end of @element, leaving out
 * phonetic runs (<rPh>). The reader is on @element's start tag. */
static void
collect_text (xmlTextReaderPtr reader,
              const char      *element,
              GString         *out)
{
  int phonetic = 0;
  gboolean in_t = FALSE;

  if (xmlTextReaderIsEmptyElement (reader))
    return;
  while (xmlTextReaderRead (reader) == 1)
    {
      int type = xmlTextReaderNodeType (reader);

      if (is_end (reader, element))
        return;
      if (is_element (reader, "rPh"))
        phonetic += !xmlTextReaderIsEmptyElement (reader);
      else if (is_end (reader, "rPh"))
        phonetic--;
      else if (is_element (reader, "t") || is_element (reader, "v"))
        in_t = !xmlTextReaderIsEmptyElement (reader);
      else if (is_end (reader, "t") || is_end (reader, "v"))
        in_t = FALSE;
      else if (in_t && phonetic == 0
               && (type == XML_READER_TYPE_TEXT
                   || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE
                   || type == XML_READER_TYPE_WHITESPACE))
        g_string_append (out, (const char *) xmlTextReaderConstValue (reader));
    }
}

/* The shared strings, rich text runs joined, escapes decoded once here. */
static GPtrArray *
read_shared_strings (zip_t      *zip,
                     const char *part,
                     gboolean   *ok)
{
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);
  zip_file_t *file;
  xmlTextReaderPtr reader;
  int rc = 1;

  *ok = TRUE;
  if (zip_name_locate (zip, part, ZIP_FL_NOCASE) < 0)
    return strings;
  reader = open_part (zip, part, MAX_SHARED_SIZE, &file);
  if (reader == NULL)
    *ok = FALSE;
  while (reader != NULL && (rc = xmlTextReaderRead (reader)) == 1)
    if (is_element (reader, "si"))
      {
        GString *text = g_string_new (NULL);

        collect_text (reader, "si", text);
        jg_xlsx_unescape (text->str);
        g_ptr_array_add (strings, g_string_free (text, FALSE));
      }
  if (rc < 0)
    *ok = FALSE;
  close_part (reader, file);
  return strings;
}

/* "AB12" → 27 (0-based), or -1. */
static int
column_of (const char *ref)
{
  int column = 0;
  const char *p;

  for (p = ref; *p >= 'A' && *p <= 'Z'; p++)
    {
      column = column * 26 + (*p - 'A' + 1);
      if (column > MAX_COLUMNS)
        return -1;
    }
  return p == ref ? -1 : column - 1;
}

/* The attributes of a <c> element, in one pass over them. */
#define BAD_REFERENCE (-2)

typedef struct {
  int   column;     /* from r="B7"; -1 when absent, BAD_REFERENCE */
  char  type;       /* t="": 's', 'i'nlineStr, 'b', 'e', 'd', 'S' for "str", 'n' */
  guint style;      /* s="" */
} CellAttributes;

static void
cell_attributes (xmlTextReaderPtr reader,
                 CellAttributes  *cell)
{
  cell->column = -1;
  cell->type = 'n';
  cell->style = 0;
  if (xmlTextReaderMoveToFirstAttribute (reader) != 1)
    return;
  do
    {
      const char *name = (const char *) xmlTextReaderConstLocalName (reader);
      const char *value = (const char *) xmlTextReaderConstValue (reader);

      if (name == NULL || value == NULL || name[1] != '\0')
        continue;
      if (name[0] == 'r')
        {
          int column = column_of (value);
          cell->column = column >= 0 ? column : BAD_REFERENCE;
        }
      else if (name[0] == 's')
        cell->style = (guint) MIN (g_ascii_strtoull (value, NULL, 10), G_MAXUINT);
      else if (name[0] == 't')
        cell->type = g_str_equal (value, "str") ? 'S'
                     : g_str_equal (value, "inlineStr") ? 'i' : value[0];
    }
  while (xmlTextReaderMoveToNextAttribute (reader) == 1);
  xmlTextReaderMoveToElement (reader);
}

/* The text of a cell whose <c> element is under @reader, or NULL when the
 * file is broken (a shared string index out of range). */
static char *
cell_value (xmlTextReaderPtr      reader,
            const CellAttributes *cell,
            GPtrArray            *shared,
            GByteArray           *styles,
            gboolean              date1904)
{
  GString *text = g_string_new (NULL);
  char *value;

  collect_text (reader, "c", text);
  switch (cell->type)
    {
    case 's':
      {
        guint64 index;

        if (shared->len == 0
            || !g_ascii_string_to_unsigned (text->str, 10, 0, shared->len - 1, &index, NULL))
          value = NULL;
        else
          value = g_strdup (shared->pdata[index]);
        g_string_free (text, TRUE);
        return value;
      }
    case 'i':   /* inline string */
    case 'S':   /* a formula's text result */
      jg_xlsx_unescape (text->str);
      return g_string_free (text, FALSE);
    case 'b':   /* TRUE/FALSE: the import's 1/0 */
      value = g_strdup (g_str_equal (text->str, "1") ? "1" : text->len ? "0" : "");
      g_string_free (text, TRUE);
      return value;
    case 'd':   /* ISO 8601 (Strict files) */
      value = jg_xlsx_iso_date_text (text->str);
      g_string_free (text, TRUE);
      return value;
    case 'n':
      value = jg_xlsx_number_text (text->str,
                                   cell->style < styles->len ? styles->data[cell->style] : 0,
                                   date1904);
      g_string_free (text, TRUE);
      return value;
    default:    /* an error (#N/A) as Excel shows it */
      return g_string_free (text, FALSE);
    }
}

gboolean
jg_xlsx_read (const char  *path,
              JgRowFunc    func,
              gpointer     user_data,
              GError     **error)
{
  zip_t *zip;
  zip_file_t *file = NULL;
  xmlTextReaderPtr reader = NULL;
  g_autoptr(GPtrArray) shared = NULL;
  g_autoptr(GByteArray) styles = NULL;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  Workbook book = { 0, };
  GError *local_error = NULL;
  gboolean ok;
  guint row = 0;
  int column = -1;
  int rc;

  zip = zip_open (path, ZIP_RDONLY, NULL);
  if (zip == NULL)
    return set_unreadable (error, path);

  read_workbook (zip, &book);
  styles = read_styles (zip, book.styles);
  shared = read_shared_strings (zip, book.shared, &ok);
  if (ok)
    reader = open_part (zip, book.sheet, G_MAXUINT64, &file);
  if (reader == NULL)
    {
      close_part (reader, file);
      zip_close (zip);
      workbook_clear (&book);
      return set_unreadable (error, path);
    }

  while ((rc = xmlTextReaderRead (reader)) == 1)
    {
      if (is_element (reader, "row"))
        {
          g_autofree char *r = attribute (reader, "r");
          guint64 n = r ? g_ascii_strtoull (r, NULL, 10) : 0;

          row = n > row ? (guint) MIN (n, G_MAXUINT) : row + 1;
          column = -1;
          g_ptr_array_set_size (cells, 0);
          if (!xmlTextReaderIsEmptyElement (reader))
            continue;
        }
      else if (is_element (reader, "c"))
        {
          CellAttributes cell;
          char *value;

          cell_attributes (reader, &cell);
          column = cell.column >= 0 ? cell.column : column + 1;
          if (cell.column == BAD_REFERENCE || column >= MAX_COLUMNS
              || (value = cell_value (reader, &cell, shared, styles, book.date1904)) == NULL)
            {
              rc = -1;
              break;
            }

          while (cells->len < (guint) column)
            g_ptr_array_add (cells, g_strdup (""));
          if (cells->len == (guint) column)
            g_ptr_array_add (cells, value);
          else
            {
              g_free (cells->pdata[column]);
              cells->pdata[column] = value;
            }
          continue;
        }
      else if (!is_end (reader, "row"))
        continue;

      /* The end of a row. */
      for (guint i = 0; i < cells->len; i++)
        if (*(char *) cells->pdata[i] != '\0')
          {
            if (!func (row, cells, user_data, &local_error))
              goto out;
            break;
          }
      g_ptr_array_set_size (cells, 0);
    }

out:
  close_part (reader, file);
  zip_close (zip);
  workbook_clear (&book);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (rc < 0)
    return set_unreadable (error, path);
  return TRUE;
}

/* --- writing ------------------------------------------------------------------ */

struct _JgXlsxWriter {
  char          *path;
  char          *tmp_path;
  lxw_workbook  *workbook;
  lxw_worksheet *sheet;
  guint          row;
};

static void
writer_free (JgXlsxWriter *writer)
{
  g_free (writer->path);
  g_free (writer->tmp_path);
  g_free (writer);
}

JgXlsxWriter *
jg_xlsx_writer_new (const char  *path,
                    GError     **error)
{
  JgXlsxWriter *writer = g_new0 (JgXlsxWriter, 1);
  lxw_workbook_options options = { .constant_memory = LXW_TRUE };

  writer->path = g_strdup (path);
  writer->tmp_path = g_strconcat (path, ".part", NULL);
  writer->workbook = workbook_new_opt (writer->tmp_path, &options);
  if (writer->workbook == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write “%s”."), display);
      writer_free (writer);
      return NULL;
    }
  return writer;
}

void
jg_xlsx_writer_add_sheet (JgXlsxWriter *writer,
                          const char   *name)
{
  writer->sheet = workbook_add_worksheet (writer->workbook, name);
  writer->row = 0;
  if (writer->sheet != NULL)
    worksheet_set_column (writer->sheet, 0, 80, 18, NULL);
}

gboolean
jg_xlsx_writer_row (JgXlsxWriter       *writer,
                    const char * const *cells,
                    guint               n_cells,
                    GError            **error)
{
  for (guint i = 0; i < n_cells; i++)
    {
      lxw_error rc;

      g_autofree char *escaped = NULL;

      if (cells[i] == NULL || cells[i][0] == '\0')
        continue;
      /* Always a string cell: codes keep their zeros, and a cell such as
       * "=SUM(A1)" is text that no spreadsheet evaluates. */
      escaped = jg_xlsx_escape (cells[i]);
      rc = worksheet_write_string (writer->sheet, writer->row, i,
                                   escaped != NULL ? escaped : cells[i], NULL);
      if (rc != LXW_NO_ERROR)
        {
          g_autofree char *display = g_filename_display_name (writer->path);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Could not write “%s”: %s"), display, lxw_strerror (rc));
          return FALSE;
        }
    }
  writer->row++;
  return TRUE;
}

gboolean
jg_xlsx_writer_close (JgXlsxWriter  *writer,
                      GError       **error)
{
  lxw_error rc = workbook_close (writer->workbook);

  writer->workbook = NULL;
  if (rc != LXW_NO_ERROR || g_rename (writer->tmp_path, writer->path) != 0)
    {
      g_autofree char *display = g_filename_display_name (writer->path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write “%s”: %s"), display,
                   rc != LXW_NO_ERROR ? lxw_strerror (rc) : g_strerror (errno));
      jg_xlsx_writer_abort (writer);
      return FALSE;
    }
  writer_free (writer);
  return TRUE;
}

void
jg_xlsx_writer_abort (JgXlsxWriter *writer)
{
  if (writer == NULL)
    return;
  if (writer->workbook != NULL)
    {
      /* libxlsxwriter has no discard: close, then remove. */
      workbook_close (writer->workbook);
    }
  g_unlink (writer->tmp_path);
  writer_free (writer);
}
