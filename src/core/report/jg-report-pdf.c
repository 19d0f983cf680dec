/* jg-report-pdf.c — a JgReport set on A4 pages with Pango on Cairo
 *
 * The report is laid out twice with the same code: once to count the
 * pages (for "page N of M" in every footer), once to draw. Text is set in
 * Noto Sans CJK (Debian's fonts-noto-cjk), with fontconfig's fallback for
 * anything else; a character no font has prints as a box, so the layout
 * counts Pango's unknown glyphs and the caller says so (a name with a rare
 * character is no reason to withhold the month's report).
 * Tables repeat their header row on each page they run over; a paragraph
 * breaks between lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "jg-report-private.h"

/* A4 in points, and margins of 20 mm. */
#define PAGE_WIDTH    595.276
#define PAGE_HEIGHT   841.890
#define MARGIN        56.7
#define CONTENT_WIDTH (PAGE_WIDTH - 2 * MARGIN)
#define HEADER_Y      28.0     /* the running head's baseline area */
#define FOOTER_Y      (PAGE_HEIGHT - 34.0)
#define TOP           (MARGIN + 10.0)
#define BOTTOM        (PAGE_HEIGHT - MARGIN)

#define FONT_FAMILY   "Noto Sans CJK SC, Noto Sans CJK, sans-serif"
#define SIZE_TITLE    18.0
#define SIZE_HEADING  13.0
#define SIZE_BODY     10.5
#define SIZE_SMALL    8.5
#define CELL_PAD      4.0
#define CHART_HEIGHT  190.0
#define MIN_COLUMN_WIDTH 36.0

typedef struct {
  JgReport *report;
  cairo_t  *cr;
  gboolean  draw;        /* FALSE: the counting pass */
  double    y;
  int       page;        /* 1-based; 0 before the first */
  int       n_pages;     /* known in the drawing pass */
  int       unknown;     /* glyphs no font has */
} Pen;

static PangoLayout *
pen_layout (Pen        *pen,
            const char *text,
            double      size,
            gboolean    bold,
            double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (pen->cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  /* Counted once, in the drawing pass (the counting pass sets the same). */
  if (pen->draw)
    pen->unknown += pango_layout_get_unknown_glyphs_count (layout);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) w / PANGO_SCALE;
}

static void
show_at (Pen         *pen,
         PangoLayout *layout,
         double       x,
         double       y)
{
  if (!pen->draw)
    return;
  cairo_move_to (pen->cr, x, y);
  pango_cairo_show_layout (pen->cr, layout);
}

static void
finish_page (Pen *pen)
{
  g_autofree char *footer = NULL;
  g_autoptr(PangoLayout) layout = NULL;

  if (pen->page == 0)
    return;
  /* TRANSLATORS: the footer of each page of a report: 第 1 页，共 3 页 */
  footer = g_strdup_printf (_("Page %d of %d"), pen->page, MAX (pen->n_pages, pen->page));
  layout = pen_layout (pen, footer, SIZE_SMALL, FALSE, -1);
  show_at (pen, layout, (PAGE_WIDTH - layout_width (layout)) / 2, FOOTER_Y);
  if (pen->draw)
    cairo_show_page (pen->cr);
}

static void
new_page (Pen *pen)
{
  g_autoptr(PangoLayout) head = NULL;

  finish_page (pen);
  pen->page++;
  pen->y = TOP;
  head = pen_layout (pen, pen->report->header, SIZE_SMALL, FALSE, CONTENT_WIDTH);
  pango_layout_set_alignment (head, PANGO_ALIGN_RIGHT);
  show_at (pen, head, MARGIN, HEADER_Y);
  if (pen->draw)
    {
      cairo_set_line_width (pen->cr, 0.5);
      cairo_move_to (pen->cr, MARGIN, HEADER_Y + layout_height (head) + 3);
      cairo_line_to (pen->cr, PAGE_WIDTH - MARGIN, HEADER_Y + layout_height (head) + 3);
      cairo_stroke (pen->cr);
    }
}

/* Room for @height on this page, else a new one. */
static void
ensure (Pen    *pen,
        double  height)
{
  if (pen->page == 0 || (pen->y + height > BOTTOM && pen->y > TOP))
    new_page (pen);
}

static void
put_text (Pen        *pen,
          const char *text,
          double      size,
          gboolean    bold,
          double      space_after)
{
  g_autoptr(PangoLayout) layout = pen_layout (pen, text, size, bold, CONTENT_WIDTH);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  /* Line by line, so a long paragraph runs on to the next page. */
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;
      int top, bottom;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      pango_layout_iter_get_line_yrange (iter, &top, &bottom);
      ensure (pen, (double) (bottom - top) / PANGO_SCALE);
      if (pen->draw)
        {
          cairo_move_to (pen->cr, MARGIN + (double) logical.x / PANGO_SCALE,
                         pen->y + (double) (pango_layout_iter_get_baseline (iter) - top) / PANGO_SCALE);
          pango_cairo_show_layout_line (pen->cr, line);
        }
      pen->y += (double) (bottom - top) / PANGO_SCALE;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  pen->y += space_after;
}

/* --- tables ------------------------------------------------------------------ */

/* Column widths: each column's widest text when all fit; otherwise the
 * widest columns are cut down to one common width, as little as needed
 * (codes, counts, kinds and names of bodies keep theirs; long names wrap). */
static double *
column_widths (Pen           *pen,
               JgReportBlock *block,
               guint          n)
{
  double *widths = g_new0 (double, n);
  double total = 0, low, high;

  for (guint c = 0; c < n; c++)
    {
      g_autoptr(PangoLayout) head = pen_layout (pen, block->headers[c], SIZE_SMALL, TRUE, -1);

      widths[c] = layout_width (head);
      for (guint r = 0; r < block->rows->len; r++)
        {
          char **row = g_ptr_array_index (block->rows, r);
          g_autoptr(PangoLayout) cell = pen_layout (pen, row[c], SIZE_SMALL, FALSE, -1);

          widths[c] = MAX (widths[c], layout_width (cell));
        }
      widths[c] = MAX (widths[c] + 2 * CELL_PAD + 1, MIN_COLUMN_WIDTH);
      total += widths[c];
    }
  if (total <= CONTENT_WIDTH)
    {
      for (guint c = 0; c < n; c++)
        widths[c] *= CONTENT_WIDTH / total;
      return widths;
    }
  /* The common cap, by bisection: the sum of min (width, cap) is the page. */
  low = CONTENT_WIDTH / n;
  high = CONTENT_WIDTH;
  for (guint i = 0; i < 40; i++)
    {
      double cap = (low + high) / 2, sum = 0;

      for (guint c = 0; c < n; c++)
        sum += MIN (widths[c], cap);
      if (sum > CONTENT_WIDTH)
        high = cap;
      else
        low = cap;
    }
  for (guint c = 0; c < n; c++)
    widths[c] = MIN (widths[c], low);
  return widths;
}

static void
put_row (Pen          *pen,
         char * const *cells,
         const double *widths,
         guint         n,
         gboolean      header)
{
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  double height = 0, x = MARGIN;

  for (guint c = 0; c < n; c++)
    {
      PangoLayout *layout = pen_layout (pen, cells[c], SIZE_SMALL, header, widths[c] - 2 * CELL_PAD);

      height = MAX (height, layout_height (layout) + 2 * CELL_PAD);
      g_ptr_array_add (layouts, layout);
    }
  if (pen->draw)
    {
      cairo_set_line_width (pen->cr, 0.5);
      if (header)
        {
          cairo_set_source_rgb (pen->cr, 0.90, 0.92, 0.95);
          cairo_rectangle (pen->cr, MARGIN, pen->y, CONTENT_WIDTH, height);
          cairo_fill (pen->cr);
          cairo_set_source_rgb (pen->cr, 0, 0, 0);
        }
      for (guint c = 0; c < n; c++)
        {
          cairo_rectangle (pen->cr, x, pen->y, widths[c], height);
          cairo_stroke (pen->cr);
          show_at (pen, g_ptr_array_index (layouts, c), x + CELL_PAD, pen->y + CELL_PAD);
          x += widths[c];
        }
    }
  pen->y += height;
}

static double
row_height (Pen          *pen,
            char * const *cells,
            const double *widths,
            guint         n,
            gboolean      header)
{
  double height = 0;
  gboolean draw = pen->draw;

  pen->draw = FALSE;   /* measured, not counted twice */
  for (guint c = 0; c < n; c++)
    {
      g_autoptr(PangoLayout) layout = pen_layout (pen, cells[c], SIZE_SMALL, header,
                                                  widths[c] - 2 * CELL_PAD);
      height = MAX (height, layout_height (layout) + 2 * CELL_PAD);
    }
  pen->draw = draw;
  return height;
}

static void
put_table (Pen           *pen,
           JgReportBlock *block)
{
  guint n = g_strv_length (block->headers);
  g_autofree double *widths = NULL;
  double head_height;
  gboolean draw = pen->draw;

  pen->draw = FALSE;
  widths = column_widths (pen, block, n);
  pen->draw = draw;
  head_height = row_height (pen, block->headers, widths, n, TRUE);

  /* The caption stays with the header and the first row. */
  ensure (pen, 24 + head_height + (block->rows->len > 0
                                   ? row_height (pen, g_ptr_array_index (block->rows, 0), widths, n, FALSE)
                                   : 0));
  put_text (pen, block->text, SIZE_BODY, TRUE, 4);
  put_row (pen, block->headers, widths, n, TRUE);
  for (guint r = 0; r < block->rows->len; r++)
    {
      char **row = g_ptr_array_index (block->rows, r);
      double height = row_height (pen, row, widths, n, FALSE);

      if (pen->y + height > BOTTOM)
        {
          new_page (pen);
          put_row (pen, block->headers, widths, n, TRUE);
        }
      put_row (pen, row, widths, n, FALSE);
    }
  pen->y += 12;
}

/* --- charts ------------------------------------------------------------------ */

static void
put_chart (Pen           *pen,
           JgReportBlock *block)
{
  guint n = g_strv_length (block->labels);
  double left = MARGIN + 34, right = PAGE_WIDTH - MARGIN - 8;
  double top, bottom, step;
  gboolean started = FALSE;
  cairo_t *cr = pen->cr;

  ensure (pen, 24 + CHART_HEIGHT + 24);
  put_text (pen, block->text, SIZE_BODY, TRUE, 6);
  top = pen->y + 6;
  bottom = pen->y + CHART_HEIGHT;
  step = n > 1 ? (right - left) / (n - 1) : 0;

  /* Grid and percent scale, 0 to 100. */
  for (int percent = 0; percent <= 100; percent += 20)
    {
      double y = bottom - (bottom - top) * percent / 100.0;
      g_autofree char *text = g_strdup_printf ("%d%%", percent);
      g_autoptr(PangoLayout) label = pen_layout (pen, text, SIZE_SMALL, FALSE, -1);

      show_at (pen, label, left - 6 - layout_width (label), y - layout_height (label) / 2);
      if (pen->draw)
        {
          cairo_set_source_rgb (cr, 0.8, 0.8, 0.8);
          cairo_set_line_width (cr, 0.5);
          cairo_move_to (cr, left, y);
          cairo_line_to (cr, right, y);
          cairo_stroke (cr);
          cairo_set_source_rgb (cr, 0, 0, 0);
        }
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PangoLayout) label = pen_layout (pen, block->labels[i], SIZE_SMALL, FALSE, -1);

      show_at (pen, label, left + i * step - layout_width (label) / 2, bottom + 4);
    }
  if (pen->draw)
    {
      if (!isnan (block->target))
        {
          double y = bottom - (bottom - top) * CLAMP (block->target, 0, 100) / 100.0;
          const double dash[] = { 4, 3 };

          cairo_set_source_rgb (cr, 0.75, 0.1, 0.1);
          cairo_set_line_width (cr, 1);
          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
          cairo_move_to (cr, left, y);
          cairo_line_to (cr, right, y);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      cairo_set_source_rgb (cr, 0.1, 0.35, 0.7);
      cairo_set_line_width (cr, 1.6);
      for (guint i = 0; i < n; i++)
        {
          double x = left + i * step;

          if (isnan (block->values[i]))
            {
              cairo_stroke (cr);
              started = FALSE;
              continue;
            }
          if (started)
            cairo_line_to (cr, x, bottom - (bottom - top) * CLAMP (block->values[i], 0, 100) / 100.0);
          else
            cairo_move_to (cr, x, bottom - (bottom - top) * CLAMP (block->values[i], 0, 100) / 100.0);
          started = TRUE;
        }
      cairo_stroke (cr);
      for (guint i = 0; i < n; i++)
        if (!isnan (block->values[i]))
          {
            cairo_arc (cr, left + i * step,
                       bottom - (bottom - top) * CLAMP (block->values[i], 0, 100) / 100.0, 2.2, 0, 2 * G_PI);
            cairo_fill (cr);
          }
      cairo_set_source_rgb (cr, 0, 0, 0);
    }
  pen->y = bottom + 28;
}

/* --- the passes --------------------------------------------------------------- */

static void
lay_out (Pen *pen)
{
  g_autoptr(PangoLayout) title = NULL;

  pen->page = 0;
  pen->unknown = 0;
  new_page (pen);
  title = pen_layout (pen, pen->report->title, SIZE_TITLE, TRUE, CONTENT_WIDTH);
  pango_layout_set_alignment (title, PANGO_ALIGN_CENTER);
  show_at (pen, title, MARGIN, pen->y);
  pen->y += layout_height (title) + 18;

  for (guint b = 0; b < pen->report->blocks->len; b++)
    {
      JgReportBlock *block = g_ptr_array_index (pen->report->blocks, b);

      switch (block->kind)
        {
        case JG_REPORT_HEADING:
          /* A heading never ends a page. */
          ensure (pen, 60);
          pen->y += 6;
          put_text (pen, block->text, SIZE_HEADING, TRUE, 6);
          break;
        case JG_REPORT_PARAGRAPH:
          put_text (pen, block->text, SIZE_BODY, FALSE, 6);
          break;
        case JG_REPORT_TABLE:
          put_table (pen, block);
          break;
        case JG_REPORT_CHART:
          put_chart (pen, block);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  finish_page (pen);
}

gboolean
jg_report_write_pdf (JgReport    *self,
                     const char  *path,
                     GError     **error)
{
  g_autofree char *tmp_path = g_strconcat (path, ".part", NULL);
  cairo_surface_t *surface;
  cairo_status_t status;
  Pen pen = { .report = self };

  /* The counting pass, on a surface that keeps nothing. */
  surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  pen.cr = cairo_create (surface);
  pen.draw = FALSE;
  lay_out (&pen);
  cairo_destroy (pen.cr);
  cairo_surface_destroy (surface);

  surface = cairo_pdf_surface_create (tmp_path, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Jianguan");
  pen.cr = cairo_create (surface);
  pen.n_pages = pen.page;
  pen.draw = TRUE;
  lay_out (&pen);
  cairo_destroy (pen.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (tmp_path);
      g_set_error (error, JG_REPORT_ERROR, JG_REPORT_ERROR_WRITE,
                   _("The report could not be written to “%s”: %s."), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  self->missing_glyphs = pen.unknown;
  if (g_rename (tmp_path, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp_path);
      g_set_error (error, JG_REPORT_ERROR, JG_REPORT_ERROR_WRITE,
                   _("The report could not be written to “%s”: %s."), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
