/* jg-overview-page-coverage.c — the department's coverage on the Overview,
 * and the city's table
 *
 * The figures are one JgCoverageReport (src/core/overview/jg-coverage.c),
 * read in a thread: the server's figure as last fetched ("服务器确认
 * 72.4%，含待同步 75.1%"), when it was fetched, the target for today and
 * the items still to cover, the uncovered items as a to-do list (each
 * with "New Record", win.new-record-for-item), the 12-month trend and the
 * accepted records by month and kind. The server's figure is fetched
 * after every sync and on "Compare with Server"; a failure leaves the
 * last one and says why. A city account gets the table of every
 * department instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-accessible.h"
#include "jg-overview-page-private.h"
#include "jg-session-coverage.h"

/* Rows of the to-do list shown at first: a department has a hundred
 * items or more, and a screen reader (and the eye) wants the first few
 * of the order chosen; "Show All" adds the rest. */
#define TODO_FIRST_ROWS 20

enum {
  SORT_BY_CODE,
  SORT_BY_KIND,
  SORT_BY_BODY,
};

static char *
percent_text (double percent)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (percent < 0)
    return g_strdup ("—");
  return g_strdup_printf ("%s%%", g_ascii_formatd (buf, sizeof buf, "%.1f", percent));
}

static void
cancel (GCancellable **cancellable)
{
  if (*cancellable != NULL)
    g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
}

/* --- the figures ------------------------------------------------------------ */

static void
show_figures (JgOverviewPage   *self,
              JgCoverageReport *report)
{
  g_autofree char *pending = percent_text (jg_coverage_report_percent (report, TRUE));
  g_autofree char *accepted = percent_text (jg_coverage_report_percent (report, FALSE));
  g_autofree char *figure = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *target = NULL;
  g_autofree char *target_sub = NULL;
  g_autofree char *compared = NULL;

  if (report->server.valid)
    {
      g_autofree char *server = percent_text (jg_coverage_percent (report->server.items,
                                                                   report->server.covered));

      /* TRANSLATORS: the Overview's coverage: the server's figure, then
       * with the records not yet accepted */
      figure = g_strdup_printf (_("Server confirmed %s, with pending %s"), server, pending);
    }
  else
    /* TRANSLATORS: the Overview's coverage before any comparison with the server */
    figure = g_strdup_printf (_("Accepted %s, with pending %s"), accepted, pending);
  jg_overview_page_set_figure (self->coverage_row, self->coverage_label, figure);
  /* TRANSLATORS: under the coverage: covered items, all items, the period */
  subtitle = g_strdup_printf (_("%u of %u items of your department have an accepted record dated "
                                "%s to %s (%u with the records not yet accepted)."),
                              report->covered, report->items, report->from, report->to,
                              report->covered_with_pending);
  adw_action_row_set_subtitle (self->coverage_row, subtitle);

  if (report->server.valid)
    {
      g_autofree char *when = jg_session_format_time (report->server.fetched_at);

      g_autofree char *other_period = NULL;

      compared = g_strdup (when);
      /* A figure asked for another period (jianguan-cli coverage --from)
       * says so until the next sync fetches today's. */
      if (g_strcmp0 (report->server.from, report->from) != 0 || g_strcmp0 (report->server.to, report->to) != 0)
        /* TRANSLATORS: under "Last compared with the server": the period of its figure */
        other_period = g_strdup_printf (_("The server’s figure is of %s to %s."),
                                        report->server.from, report->server.to);
      adw_action_row_set_subtitle (self->compared_row, self->fetch_error != NULL ? self->fetch_error
                                   : other_period != NULL ? other_period
                                   : _("The server counts only the records it accepted."));
    }
  else
    {
      compared = g_strdup (_("Never"));
      adw_action_row_set_subtitle (self->compared_row, self->fetch_error != NULL
                                   ? self->fetch_error
                                   : _("Sign in and sync, or press Compare with Server."));
    }
  jg_overview_page_set_figure (self->compared_row, self->compared_label, compared);

  if (report->target.percent > 0)
    {
      target = g_strdup_printf ("%u%%", report->target.percent);
      target_sub = report->gap > 0
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "In force since %s: %u more item to cover.",
                                        "In force since %s: %u more items to cover.", report->gap),
                           report->target.from, report->gap)
        : g_strdup_printf (_("In force since %s: reached."), report->target.from);
    }
  else
    {
      target = g_strdup (_("None yet"));
      target_sub = report->target.next_from[0] != '\0'
        ? g_strdup_printf (_("%u%% from %s."), report->target.next_percent, report->target.next_from)
        : g_strdup ("");
    }
  jg_overview_page_set_figure (self->target_row, self->target_label, target);
  adw_action_row_set_subtitle (self->target_row, target_sub);
}

/* The months as rows, the kinds as columns, and a total. */
static void
show_counts_grid (JgOverviewPage   *self,
                  JgCoverageReport *report)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->counts_grid))) != NULL)
    gtk_grid_remove (self->counts_grid, child);
  for (guint k = 0; k <= JG_RECORD_N_KINDS; k++)
    {
      GtkWidget *head = gtk_label_new (k < JG_RECORD_N_KINDS ? jg_record_kind_get_label (k) : _("Total"));

      gtk_widget_add_css_class (head, "heading");
      gtk_label_set_xalign (GTK_LABEL (head), 1);
      gtk_grid_attach (self->counts_grid, head, (int) k + 1, 0, 1, 1);
    }
  for (int m = JG_COVERAGE_TREND_MONTHS - 1, row = 1; m >= 0; m--, row++)
    {
      GtkWidget *month = gtk_label_new (report->months[m]);
      guint total = 0;

      gtk_label_set_xalign (GTK_LABEL (month), 0);
      gtk_widget_add_css_class (month, "numeric");
      gtk_grid_attach (self->counts_grid, month, 0, row, 1, 1);
      for (guint k = 0; k <= JG_RECORD_N_KINDS; k++)
        {
          guint n = k < JG_RECORD_N_KINDS ? report->by_kind[m][k] : total;
          g_autofree char *text = g_strdup_printf ("%u", n);
          /* TRANSLATORS: accessible name of a cell: month, kind, count */
          g_autofree char *name = g_strdup_printf (_("%s %s: %u"), report->months[m],
                                                   k < JG_RECORD_N_KINDS ? jg_record_kind_get_label (k)
                                                                         : _("Total"), n);
          GtkWidget *cell = gtk_label_new (text);

          if (k < JG_RECORD_N_KINDS)
            total += n;
          gtk_label_set_xalign (GTK_LABEL (cell), 1);
          gtk_widget_add_css_class (cell, "numeric");
          if (n == 0)
            gtk_widget_add_css_class (cell, "dim-label");
          gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          gtk_grid_attach (self->counts_grid, cell, (int) k + 1, row, 1, 1);
        }
    }
}

/* --- the to-do list --------------------------------------------------------- */

static int
compare_code (gconstpointer a,
              gconstpointer b)
{
  const JgCoverageItem *x = *(JgCoverageItem **) a, *y = *(JgCoverageItem **) b;

  return g_strcmp0 (x->code, y->code);
}

static int
compare_kind (gconstpointer a,
              gconstpointer b)
{
  const JgCoverageItem *x = *(JgCoverageItem **) a, *y = *(JgCoverageItem **) b;
  int c = g_strcmp0 (x->action_type, y->action_type);

  return c != 0 ? c : compare_code (a, b);
}

static int
compare_body (gconstpointer a,
              gconstpointer b)
{
  const JgCoverageItem *x = *(JgCoverageItem **) a, *y = *(JgCoverageItem **) b;
  int c = g_utf8_collate (x->body != NULL ? x->body : "", y->body != NULL ? y->body : "");

  return c != 0 ? c : compare_code (a, b);
}

static GtkWidget *
todo_row (JgCoverageItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_New Record"));
  g_autofree char *subtitle = NULL;
  g_autofree char *button_name = NULL;
  g_autofree char *row_name = NULL;
  const char *kind = jg_coverage_item_kind_label (item);
  const char *name = item->name != NULL ? item->name : item->code;
  gboolean nowhere = jg_coverage_item_none_in_city (item);

  /* TRANSLATORS: an uncovered item's line: code · kind · body */
  subtitle = g_strdup_printf (_("%s · %s · %s"), item->code, kind, item->body != NULL ? item->body : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  if (nowhere)
    {
      GtkWidget *mark = gtk_label_new (_("No records in the city"));

      gtk_widget_add_css_class (mark, "warning");
      gtk_widget_add_css_class (mark, "caption-heading");
      gtk_widget_set_valign (mark, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), mark);
    }
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.new-record-for-item");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", item->code);
  /* TRANSLATORS: accessible name of an uncovered item's button: the item */
  button_name = g_strdup_printf (_("New Record: %s"), name);
  jg_accessible_set_own_label (button, button_name);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  /* TRANSLATORS: accessible name of an uncovered item: name, code, kind, body; then whether
   * nobody in the city has records of it */
  row_name = g_strdup_printf ("%s %s%s", name, subtitle, nowhere ? _(", no records in the city") : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, row_name, -1);
  return row;
}

void
jg_overview_page_show_todo (JgOverviewPage *self)
{
  g_autoptr(GPtrArray) todo = NULL;
  g_autofree char *description = NULL;
  GtkWidget *child;
  guint nowhere = 0;

  /* gtk_list_box_remove_all() is GTK 4.12. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->todo_list))) != NULL)
    gtk_list_box_remove (self->todo_list, child);
  if (self->report == NULL)
    return;
  todo = jg_coverage_report_uncovered (self->report);
  switch (gtk_drop_down_get_selected (self->sort_dropdown))
    {
    case SORT_BY_KIND:
      g_ptr_array_sort (todo, compare_kind);
      break;
    case SORT_BY_BODY:
      g_ptr_array_sort (todo, compare_body);
      break;
    default:
      g_ptr_array_sort (todo, compare_code);
      break;
    }
  for (guint i = 0; i < todo->len; i++)
    {
      JgCoverageItem *item = g_ptr_array_index (todo, i);

      if (jg_coverage_item_none_in_city (item))
        nowhere++;
      if (i < TODO_FIRST_ROWS || self->todo_all)
        gtk_list_box_append (self->todo_list, todo_row (item));
    }
  if (todo->len > TODO_FIRST_ROWS && !self->todo_all)
    {
      g_autofree char *label = g_strdup_printf (_("Show All %u Items"), todo->len);
      GtkWidget *more = gtk_button_new_with_label (label);

      gtk_widget_set_margin_top (more, 6);
      gtk_widget_set_margin_bottom (more, 6);
      gtk_widget_set_halign (more, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (more, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (more), "overview.show-all-items");
      gtk_list_box_append (self->todo_list, more);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (more)), FALSE);
      /* The row the list box wraps it in is named too (a screen reader
       * lands on the row first). */
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (more)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
  if (todo->len == 0)
    {
      child = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child),
                                     self->report->items > 0 ? _("Every item is covered.")
                                                             : _("Your department has no items in use in the catalogue."));
      gtk_list_box_append (self->todo_list, child);
    }
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u item has no accepted record in the period; %u of them none in the whole city.",
                                              "%u items have no accepted record in the period; %u of them none in the whole city.",
                                              todo->len),
                                 todo->len, nowhere);
  adw_preferences_group_set_description (self->todo_group, description);
}

/* --- reading ---------------------------------------------------------------- */

static void
report_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  JgOverviewPage *self = user_data;
  g_autoptr(GError) error = NULL;
  JgCoverageReport *report = jg_coverage_report_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (report == NULL)
    {
      /* No department yet (signed out, nothing chosen): no coverage to show. */
      gtk_widget_set_visible (GTK_WIDGET (self->coverage_group), FALSE);
      return;
    }
  g_clear_pointer (&self->report, jg_coverage_report_free);
  self->report = report;
  gtk_widget_set_visible (GTK_WIDGET (self->coverage_group), TRUE);
  show_figures (self, report);
  jg_coverage_chart_set_report (self->chart, report);
  show_counts_grid (self, report);
  jg_overview_page_show_todo (self);
  /* The warnings read the same figure: below the target of the day, a
   * warning (accepted records only, as the server counts). */
  {
    JgWarningsCoverage coverage = { report->covered, report->items, report->target.percent };

    jg_warnings_list_set_coverage (self->warnings_list, &coverage);
  }
}

void
jg_overview_page_reload_coverage (JgOverviewPage *self)
{
  const char *db_path = jg_session_get_db_path (self->session);

  cancel (&self->coverage_cancellable);
  if (db_path == NULL)
    return;
  self->coverage_cancellable = g_cancellable_new ();
  jg_coverage_report_load_async (db_path, self->coverage_cancellable, report_ready_cb, self);
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  JgOverviewPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!jg_session_fetch_coverage_finish (JG_SESSION (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->fetch_cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.compare", TRUE);
  g_free (self->fetch_error);
  self->fetch_error = error != NULL ? g_strdup (error->message) : NULL;
  jg_overview_page_reload_coverage (self);
}

void
jg_overview_page_compare (JgOverviewPage *self)
{
  if (self->session == NULL || !jg_session_is_signed_in (self->session) || jg_session_is_city (self->session))
    return;
  cancel (&self->fetch_cancellable);
  self->fetch_cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.compare", FALSE);
  jg_session_fetch_coverage_async (self->session, self->fetch_cancellable, fetched_cb, self);
}

/* --- the city's table ------------------------------------------------------- */

static void
city_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  JgOverviewPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *title = NULL;
  JgCityTable *table = jg_session_fetch_city_table_finish (JG_SESSION (object), result, &error);
  guint below;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->city_cancellable);
  if (table == NULL)
    {
      gtk_label_set_label (self->city_status, error->message);
      return;
    }
  /* TRANSLATORS: the city's table's title: the month */
  title = g_strdup_printf (_("Every Department, %s"), table->month);
  gtk_label_set_label (self->city_title, title);
  jg_city_table_view_set_table (self->city_table, table);
  below = jg_city_table_view_get_n_below (self->city_table);
  status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u of %u departments is below the target of %u%%. "
                                         "Click a column’s title to sort by it.",
                                         "%u of %u departments are below the target of %u%%. "
                                         "Click a column’s title to sort by it.", below),
                            below, table->rows->len, table->target);
  gtk_label_set_label (self->city_status, status);
}

void
jg_overview_page_refresh_city (JgOverviewPage *self)
{
  cancel (&self->city_cancellable);
  if (self->session == NULL)
    return;
  self->city_cancellable = g_cancellable_new ();
  jg_session_fetch_city_table_async (self->session, NULL, self->city_cancellable, city_ready_cb, self);
}

void
jg_overview_page_coverage_dispose (JgOverviewPage *self)
{
  cancel (&self->coverage_cancellable);
  cancel (&self->fetch_cancellable);
  cancel (&self->city_cancellable);
  g_clear_pointer (&self->report, jg_coverage_report_free);
  g_clear_pointer (&self->fetch_error, g_free);
}
