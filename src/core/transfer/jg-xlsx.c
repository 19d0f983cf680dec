/* jg-xlsx.c — XLSX rows in and out
 *
 * Why our own reader: Debian 12 packages a library to write XLSX
 * (libxlsxwriter) but none to read it. An XLSX file is a zip archive of XML
 * parts, and an import needs only the cell texts of the first sheet, so
 * this file reads them with libzip and libxml2's streaming xmlTextReader:
 * xl/workbook.xml names the first sheet's relationship id,
 * xl/_rels/workbook.xml.rels maps it to its part, xl/sharedStrings.xml holds
 * the shared texts, and the sheet's <row>/<c> elements are streamed straight
 * out of the archive, one row at a time. Styles, formulas and number formats
 * are ignored: a cell's value is its text (or cached result) as stored.
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

#define MAX_PART_SIZE        (16 * 1024 * 1024)   /* workbook.xml, rels */
#define MAX_SHARED_SIZE      (512 * 1024 * 1024)  /* uncompressed sharedStrings.xml */
#define MAX_COLUMNS          16384                /* XFD, Excel's last column */
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

/* The part name of the workbook's first sheet. */
static char *
first_sheet_part (zip_t *zip)
{
  zip_file_t *file;
  xmlTextReaderPtr reader;
  g_autofree char *rid = NULL;
  char *target = NULL;

  reader = open_part (zip, "xl/workbook.xml", MAX_PART_SIZE, &file);
  while (reader != NULL && rid == NULL && xmlTextReaderRead (reader) == 1)
    if (is_element (reader, "sheet"))
      rid = attribute (reader, "id");
  close_part (reader, file);
  if (rid == NULL)
    return g_strdup ("xl/worksheets/sheet1.xml");

  reader = open_part (zip, "xl/_rels/workbook.xml.rels", MAX_PART_SIZE, &file);
  while (reader != NULL && target == NULL && xmlTextReaderRead (reader) == 1)
    if (is_element (reader, "Relationship"))
      {
        g_autofree char *id = attribute (reader, "Id");

        if (g_strcmp0 (id, rid) == 0)
          target = attribute (reader, "Target");
      }
  close_part (reader, file);
  if (target == NULL)
    return g_strdup ("xl/worksheets/sheet1.xml");

  if (target[0] == '/')
    {
      char *part = g_strdup (target + 1);
      g_free (target);
      return part;
    }
  else
    {
      char *part = g_strconcat ("xl/", target, NULL);
      g_free (target);
      return part;
    }
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

static GPtrArray *
read_shared_strings (zip_t    *zip,
                     gboolean *ok)
{
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);
  zip_file_t *file;
  xmlTextReaderPtr reader;
  int rc = 1;

  *ok = TRUE;
  if (zip_name_locate (zip, "xl/sharedStrings.xml", ZIP_FL_NOCASE) < 0)
    return strings;
  reader = open_part (zip, "xl/sharedStrings.xml", MAX_SHARED_SIZE, &file);
  if (reader == NULL)
    *ok = FALSE;
  while (reader != NULL && (rc = xmlTextReaderRead (reader)) == 1)
    if (is_element (reader, "si"))
      {
        GString *text = g_string_new (NULL);

        collect_text (reader, "si", text);
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
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *part = NULL;
  GError *local_error = NULL;
  gboolean ok;
  guint row = 0;
  int column = -1;
  int rc;

  zip = zip_open (path, ZIP_RDONLY, NULL);
  if (zip == NULL)
    return set_unreadable (error, path);

  shared = read_shared_strings (zip, &ok);
  part = first_sheet_part (zip);
  if (ok)
    reader = open_part (zip, part, G_MAXUINT64, &file);
  if (reader == NULL)
    {
      close_part (reader, file);
      zip_close (zip);
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
          g_autofree char *r = attribute (reader, "r");
          g_autofree char *t = attribute (reader, "t");
          GString *text = g_string_new (NULL);
          char *value;

          column = r ? column_of (r) : column + 1;
          if (column < 0 || column >= MAX_COLUMNS)
            {
              g_string_free (text, TRUE);
              rc = -1;
              break;
            }
          collect_text (reader, "c", text);
          if (g_strcmp0 (t, "s") == 0)
            {
              guint64 index;

              if (!g_ascii_string_to_unsigned (text->str, 10, 0, shared->len - (shared->len > 0),
                                               &index, NULL) || shared->len == 0)
                {
                  g_string_free (text, TRUE);
                  rc = -1;
                  break;
                }
              value = g_strdup (shared->pdata[index]);
              g_string_free (text, TRUE);
            }
          else
            value = g_string_free (text, FALSE);

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

      if (cells[i] == NULL || cells[i][0] == '\0')
        continue;
      rc = worksheet_write_string (writer->sheet, writer->row, i, cells[i], NULL);
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
