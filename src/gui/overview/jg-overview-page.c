/* jg-overview-page.c — the department's dashboard: coverage, what this
 * computer holds (records, sending, catalogue); every department for a
 * city account
 *
 * The coverage, its to-do list, trend and counts, and the city's table
 * are jg-overview-page-coverage.c's; the actions jg-overview-page-actions.c's.
 * The record figures are the session's counts (one query in core, shown
 * again at each "counts-changed", as the header and the other pages do);
 * the last run and the catalogue's figures come from
 * jg_overview_stats_load_async() (src/core/overview), read again whenever
 * the session says the data changed, a sync ended, or the page comes into
 * view.
 * Each row's accessible name carries its figure ("行政检查 3 条"), so a
 * screen reader says the number with what it counts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-accessible.h"
#include "jg-city-table.h"
#include "jg-coverage-chart.h"
#include "jg-first-frame.h"
#include "jg-overview-page-private.h"
#include "jg-session-coverage.h"
#include "jg-overview-stats.h"
#include "jg-record-schema.h"

G_DEFINE_FINAL_TYPE (JgOverviewPage, jg_overview_page, ADW_TYPE_BIN)

static void
set_accessible_label (AdwActionRow *row,
                      const char   *text)
{
  /* AdwActionRow names itself after its title label (labelled-by), which
   * GTK would put in front of our label again: "草稿 2 条 草稿". */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

/* A count of records: "3", read as "行政检查 3 条". */
static void
set_records (AdwActionRow *row,
             GtkLabel     *label,
             guint         count)
{
  g_autofree char *text = g_strdup_printf ("%u", count);
  /* TRANSLATORS: accessible name of a figure of the Overview: what is
   * counted (行政检查, 待报送…), then how many records */
  g_autofree char *name = g_strdup_printf (ngettext ("%s %u record", "%s %u records", count),
                                           adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                           count);

  gtk_label_set_label (label, text);
  set_accessible_label (row, name);
}

/* Any other figure: its title and its value. */
void
jg_overview_page_set_figure (AdwActionRow *row,
                             GtkLabel     *label,
                             const char   *value)
{
  g_autofree char *name = g_strdup_printf ("%s %s",
                                           adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                           value);

  gtk_label_set_label (label, value);
  set_accessible_label (row, name);
}

static void
set_count (AdwActionRow *row,
           GtkLabel     *label,
           guint         count)
{
  g_autofree char *text = g_strdup_printf ("%u", count);

  jg_overview_page_set_figure (row, label, text);
}

static void
show_month (JgOverviewPage *self,
            const char     *month)
{
  g_autoptr(GDateTime) first = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  int year, mon;

  if (sscanf (month, "%d-%d", &year, &mon) != 2)
    return;
  first = g_date_time_new_local (year, mon, 1, 0, 0, 0);
  if (first == NULL)
    return;
  /* TRANSLATORS: a month of a year, see the strftime manual */
  name = g_date_time_format (first, _("%B %Y"));
  description = g_strdup_printf (_("Records dated in %s (the date of the inspection, decision or action), by kind."),
                                 name);
  adw_preferences_group_set_description (self->month_group, description);
}

static void
show_last_run (JgOverviewPage        *self,
               const JgOverviewStats *stats)
{
  g_autofree char *when = NULL;
  g_autofree char *name = NULL;
  const char *result;

  if (!stats->has_last_run)
    {
      adw_action_row_set_subtitle (self->last_run_row, _("No sync has run yet."));
      jg_overview_page_set_figure (self->last_run_row, self->last_run_label, _("Never"));
      return;
    }

  when = jg_session_format_time (stats->last_run_time);
  result = stats->last_run_message;
  if (result == NULL || *result == '\0')
    result = stats->last_run_ok ? _("Succeeded.") : _("Failed.");
  adw_action_row_set_subtitle (self->last_run_row, result);
  gtk_label_set_label (self->last_run_label, when);
  /* TRANSLATORS: accessible name of the last sync row: title, time, result */
  name = g_strdup_printf (_("%s %s: %s"),
                          adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->last_run_row)),
                          when, result);
  set_accessible_label (self->last_run_row, name);
}

/* The record figures: the session's counts, the ones the header and the
 * other pages show. */
static void
show_counts (JgOverviewPage *self)
{
  const JgRecordCounts *counts;

  if (self->session == NULL)
    return;
  counts = jg_session_get_record_counts (self->session);
  /* Not read yet (no month): the figures keep their "—", never a 0 that
   * is not one. */
  if (*counts->month == '\0')
    return;
  show_month (self, counts->month);
  for (guint kind = 0; kind < JG_RECORD_N_KINDS; kind++)
    set_records (self->kind_rows[kind], self->kind_labels[kind], counts->month_by_kind[kind]);
  set_records (self->drafts_row, self->drafts_label, counts->drafts);
  set_records (self->ready_row, self->ready_label, counts->ready);
  set_records (self->pending_row, self->pending_label, counts->pending);
  set_records (self->rejected_row, self->rejected_label, counts->rejected);
}

static void
stats_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  JgOverviewPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JgOverviewStats) stats = NULL;
  g_autofree char *when = NULL;

  stats = jg_overview_stats_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (stats == NULL)
    {
      /* The figures stay as they were: better than zeros that lie. */
      g_warning ("Overview: could not read the figures: %s", error->message);
      return;
    }

  show_last_run (self, stats);

  set_count (self->departments_row, self->departments_label, stats->catalogue.departments);
  set_count (self->items_row, self->items_label, stats->catalogue.items);
  set_count (self->sub_items_row, self->sub_items_label, stats->catalogue.sub_items);
  set_count (self->implementations_row, self->implementations_label, stats->catalogue.implementations);
  set_count (self->officers_row, self->officers_label, stats->catalogue.officers);
  when = jg_session_format_time (stats->catalogue.last_sync);
  jg_overview_page_set_figure (self->last_sync_row, self->last_sync_label, when);
}

static gboolean first_reload_cb (gpointer user_data);

static void
reload (JgOverviewPage *self)
{
  const char *db_path;

  /* Asked before the window's first frame (the session's first figures
   * arrive then): read once after it, whose cores the threads would take. */
  if (!jg_first_frame_is_painted ())
    {
      if (self->first_reload_id == 0)
        self->first_reload_id = jg_first_frame_idle_add (first_reload_cb, self, NULL);
      return;
    }
  g_clear_handle_id (&self->first_reload_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  db_path = self->session != NULL ? jg_session_get_db_path (self->session) : NULL;
  if (db_path == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-server");
      return;
    }

  /* A city account sees every department instead of its own figures. */
  if (jg_session_is_city (self->session))
    {
      gtk_stack_set_visible_child_name (self->stack, "city");
      jg_overview_page_refresh_city (self);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "stats");
  jg_overview_page_reload_coverage (self);

  self->cancellable = g_cancellable_new ();
  /* The callback only runs uncancelled while the page is alive: dispose
   * cancels, and cancelled results return before touching the page. */
  jg_overview_stats_load_async (db_path, self->cancellable, stats_ready_cb, self);
}

static void
session_changed_cb (JgOverviewPage *self)
{
  reload (self);
}

static gboolean
first_reload_cb (gpointer user_data)
{
  JgOverviewPage *self = user_data;

  self->first_reload_id = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

void
jg_overview_page_set_session (JgOverviewPage *self,
                              JgSession      *session)
{
  static const char * const signals[] = {
    "data-changed", "sync-finished", "notify::last-sync",
  };

  g_return_if_fail (JG_IS_OVERVIEW_PAGE (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);

  if (session != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
      g_signal_connect_swapped (session, signals[i], G_CALLBACK (session_changed_cb), self);
  if (session != NULL)
    g_signal_connect_swapped (session, "counts-changed", G_CALLBACK (show_counts), self);
  /* A record marked ready changes "with pending" at once. */
  if (session != NULL)
    g_signal_connect_swapped (session, "counts-changed", G_CALLBACK (jg_overview_page_reload_coverage), self);
  /* After each sync the server's figure is fetched again: what was just
   * sent is then what it confirms. */
  if (session != NULL)
    g_signal_connect_swapped (session, "sync-finished", G_CALLBACK (jg_overview_page_compare), self);

  jg_warnings_list_set_session (self->warnings_list, session);
  show_counts (self);
  /* An account's figures are read once the window has shown its first
   * frame (reload waits for it): their threads, over a million records,
   * would take the cores that frame needs. Until then the page is there
   * with "—" for each figure. */
  if (session != NULL && jg_session_get_db_path (session) != NULL && !jg_session_is_city (session))
    gtk_stack_set_visible_child_name (self->stack, "stats");
  reload (self);
}

static void
add_kind_rows (JgOverviewPage *self)
{
  for (guint kind = 0; kind < JG_RECORD_N_KINDS; kind++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new ("—");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), jg_record_kind_get_label (kind));
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_preferences_group_add (self->month_group, row);
      self->kind_rows[kind] = ADW_ACTION_ROW (row);
      self->kind_labels[kind] = GTK_LABEL (label);
    }
}

static void
jg_overview_page_dispose (GObject *object)
{
  JgOverviewPage *self = JG_OVERVIEW_PAGE (object);

  g_clear_handle_id (&self->first_reload_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  jg_overview_page_coverage_dispose (self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  /* Not gtk_widget_dispose_template(): in GTK 4.8 it unparents the bound
   * child that AdwBin then unparents again. AdwBin's dispose drops it. */

  G_OBJECT_CLASS (jg_overview_page_parent_class)->dispose (object);
}

#define BIND_FIGURE(name) \
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, name##_row); \
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, name##_label)

static void
jg_overview_page_class_init (JgOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_overview_page_dispose;

  jg_overview_page_actions_class_init (widget_class);
  g_type_ensure (JG_TYPE_COVERAGE_CHART);
  g_type_ensure (JG_TYPE_CITY_TABLE_VIEW);
  g_type_ensure (JG_TYPE_WARNINGS_LIST);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/overview/jg-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, month_group);
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, catalogue_group);
  BIND_FIGURE (drafts);
  BIND_FIGURE (ready);
  BIND_FIGURE (pending);
  BIND_FIGURE (rejected);
  BIND_FIGURE (last_run);
  BIND_FIGURE (departments);
  BIND_FIGURE (items);
  BIND_FIGURE (sub_items);
  BIND_FIGURE (implementations);
  BIND_FIGURE (officers);
  BIND_FIGURE (last_sync);
  BIND_FIGURE (coverage);
  BIND_FIGURE (compared);
  BIND_FIGURE (target);
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, coverage_group);
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, chart);
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, warnings_list);
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, todo_group);
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, todo_list);
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, counts_grid);
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, city_title);
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, city_status);
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, city_table);
}

JgWarningsList *
jg_overview_page_get_warnings_list (JgOverviewPage *self)
{
  g_return_val_if_fail (JG_IS_OVERVIEW_PAGE (self), NULL);
  return self->warnings_list;
}

static void
jg_overview_page_init (JgOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  jg_accessible_fix_names (GTK_WIDGET (self));
  add_kind_rows (self);
  g_signal_connect_swapped (self->sort_dropdown, "notify::selected",
                            G_CALLBACK (jg_overview_page_show_todo), self);
  /* Coming back to the page shows the database as it is now. */
  g_signal_connect_swapped (self, "map", G_CALLBACK (reload), self);
}
