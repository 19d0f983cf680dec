/* jg-coverage-chart.c — the 12-month coverage trend as a line chart
 *
 * Drawn with Cairo in a GtkSnapshot (no web view): a horizontal grid at
 * every 20%, the target of each month's end as a dashed step line, the
 * year-to-date coverage by accepted records as a line with a dot per
 * month, and the months under the axis (the year under January). A chart is nothing to a screen
 * reader, so the widget's accessible description says each month's
 * figure in words ("2026-01 12.5%, …"), and its label what it shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "jg-coverage-chart.h"

#define CHART_HEIGHT 200
#define CHART_MIN_WIDTH 320
#define MARGIN_LEFT 44.0
#define MARGIN_RIGHT 12.0
#define MARGIN_TOP 10.0
#define MARGIN_BOTTOM 26.0
#define GRID_STEP 20            /* percent between grid lines */
#define DOT_RADIUS 3.5
#define LINE_WIDTH 2.0
#define DASH_LENGTH 5.0
#define FONT_SIZE 10.0

struct _JgCoverageChart
{
  GtkWidget parent_instance;

  gboolean has_data;
  char     months[JG_COVERAGE_TREND_MONTHS][JG_COVERAGE_MONTH_SIZE];
  double   trend[JG_COVERAGE_TREND_MONTHS];
  double   target[JG_COVERAGE_TREND_MONTHS];
};

G_DEFINE_FINAL_TYPE (JgCoverageChart, jg_coverage_chart, GTK_TYPE_WIDGET)

static double
y_of (double percent,
      double top,
      double height)
{
  return top + height * (1.0 - CLAMP (percent, 0, 100) / 100.0);
}

static void
draw_text (cairo_t    *cr,
           PangoLayout *layout,
           const char *text,
           double      x,
           double      y,
           double      xalign)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - w * xalign, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static void
jg_coverage_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  JgCoverageChart *self = JG_COVERAGE_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double plot_w = width - MARGIN_LEFT - MARGIN_RIGHT;
  double plot_h = height - MARGIN_TOP - MARGIN_BOTTOM;
  double step = plot_w / (JG_COVERAGE_TREND_MONTHS - 1);
  g_autoptr(PangoLayout) layout = NULL;
  PangoFontDescription *font;
  GdkRGBA fg, accent = { 0.21, 0.52, 0.89, 1.0 }, warn = { 0.90, 0.38, 0.0, 1.0 };
  cairo_t *cr;
  gboolean started;

  if (plot_w <= 0 || plot_h <= 0)
    return;
  /* GTK 4.8 has no gtk_widget_get_color(). */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  layout = gtk_widget_create_pango_layout (widget, NULL);
  font = pango_font_description_new ();
  pango_font_description_set_absolute_size (font, FONT_SIZE * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  /* Grid and its percentages. */
  cairo_set_line_width (cr, 1);
  for (int p = 0; p <= 100; p += GRID_STEP)
    {
      g_autofree char *text = g_strdup_printf ("%d%%", p);
      double y = y_of (p, MARGIN_TOP, plot_h);

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.15);
      cairo_move_to (cr, MARGIN_LEFT, y + 0.5);
      cairo_line_to (cr, width - MARGIN_RIGHT, y + 0.5);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
      draw_text (cr, layout, text, MARGIN_LEFT - 6, y, 1.0);
    }
  /* Months: "MM" under each point, the year itself under January. */
  for (int m = 0; m < JG_COVERAGE_TREND_MONTHS; m++)
    {
      const char *month = self->months[m];
      g_autofree char *text = NULL;

      if (month[0] == '\0')
        continue;
      text = g_str_has_suffix (month, "-01") ? g_strndup (month, 4) : g_strdup (month + 5);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
      draw_text (cr, layout, text, MARGIN_LEFT + m * step, height - MARGIN_BOTTOM / 2.0,
                 m == 0 ? 0.0 : m == JG_COVERAGE_TREND_MONTHS - 1 ? 1.0 : 0.5);
    }

  if (self->has_data)
    {
      /* The target: a dashed step at each month's end. */
      double dash = DASH_LENGTH;

      cairo_set_source_rgba (cr, warn.red, warn.green, warn.blue, 0.9);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, &dash, 1, 0);
      for (int m = 0; m < JG_COVERAGE_TREND_MONTHS; m++)
        {
          double x = MARGIN_LEFT + m * step, y = y_of (self->target[m], MARGIN_TOP, plot_h);

          if (m == 0)
            cairo_move_to (cr, x, y);
          else
            {
              cairo_line_to (cr, x, y_of (self->target[m - 1], MARGIN_TOP, plot_h));
              cairo_line_to (cr, x, y);
            }
        }
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      /* Coverage: the line, then a dot per month. */
      cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 1);
      cairo_set_line_width (cr, LINE_WIDTH);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      started = FALSE;
      for (int m = 0; m < JG_COVERAGE_TREND_MONTHS; m++)
        {
          double x = MARGIN_LEFT + m * step;

          if (self->trend[m] < 0)
            {
              started = FALSE;
              continue;
            }
          if (!started)
            cairo_move_to (cr, x, y_of (self->trend[m], MARGIN_TOP, plot_h));
          else
            cairo_line_to (cr, x, y_of (self->trend[m], MARGIN_TOP, plot_h));
          started = TRUE;
        }
      cairo_stroke (cr);
      for (int m = 0; m < JG_COVERAGE_TREND_MONTHS; m++)
        if (self->trend[m] >= 0)
          {
            cairo_arc (cr, MARGIN_LEFT + m * step, y_of (self->trend[m], MARGIN_TOP, plot_h), DOT_RADIUS,
                       0, 2 * G_PI);
            cairo_fill (cr);
          }
    }
  cairo_destroy (cr);
}

static void
jg_coverage_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = CHART_MIN_WIDTH;
  else
    *minimum = *natural = CHART_HEIGHT;
}

static void
jg_coverage_chart_class_init (JgCoverageChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = jg_coverage_chart_snapshot;
  widget_class->measure = jg_coverage_chart_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
jg_coverage_chart_init (JgCoverageChart *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Coverage over the last 12 months"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("No figures yet."),
                                  -1);
}

GtkWidget *
jg_coverage_chart_new (void)
{
  return g_object_new (JG_TYPE_COVERAGE_CHART, NULL);
}

void
jg_coverage_chart_set_report (JgCoverageChart  *self,
                              JgCoverageReport *report)
{
  g_autoptr(GString) description = g_string_new (NULL);
  g_autoptr(GArray) rules = NULL;

  g_return_if_fail (JG_IS_COVERAGE_CHART (self));

  self->has_data = report != NULL && report->items > 0;
  if (report == NULL)
    {
      memset (self->months, 0, sizeof self->months);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("No figures yet."), -1);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  memcpy (self->months, report->months, sizeof self->months);
  memcpy (self->trend, report->trend, sizeof self->trend);
  if (report->targets == NULL || !jg_coverage_rules_parse (report->targets, &rules))
    jg_coverage_rules_parse (JG_COVERAGE_DEFAULT_RULES, &rules);
  for (int m = 0; m < JG_COVERAGE_TREND_MONTHS; m++)
    {
      char end[JG_COVERAGE_DATE_SIZE];
      JgCoverageTarget target;
      guint y = (guint) g_ascii_strtoull (report->months[m], NULL, 10);
      guint mo = (guint) g_ascii_strtoull (report->months[m] + 5, NULL, 10);
      char percent[G_ASCII_DTOSTR_BUF_SIZE];

      jg_coverage_month_end (y, mo, end);
      jg_coverage_target_for (rules, end, &target);
      /* The current month's target is the one of its last day shown. */
      if (m == JG_COVERAGE_TREND_MONTHS - 1)
        self->target[m] = report->target.percent;
      else
        self->target[m] = target.percent;
      if (m > 0)
        g_string_append (description, _(", "));
      if (report->trend[m] < 0)
        g_string_append_printf (description, _("%s: no items"), report->months[m]);
      else
        /* TRANSLATORS: one month of the chart's description: month, coverage, target */
        g_string_append_printf (description, _("%s: %s%% (target %u%%)"), report->months[m],
                                g_ascii_formatd (percent, sizeof percent, "%.1f", report->trend[m]),
                                (guint) self->target[m]);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description->str, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
