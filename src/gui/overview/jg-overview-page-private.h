/* jg-overview-page-private.h — shared by JgOverviewPage's own files
 *
 * jg-overview-page.c: the page, its record and catalogue figures and
 * when it reads them again; jg-overview-page-coverage.c: the department's
 * coverage, its to-do list, trend and counts, and the city's table;
 * jg-overview-page-actions.c: comparing with the server and refreshing
 * the city's table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jg-city-table.h"
#include "jg-coverage.h"
#include "jg-coverage-chart.h"
#include "jg-overview-page.h"

G_BEGIN_DECLS

struct _JgOverviewPage
{
  AdwBin parent_instance;

  GtkStack *stack;
  AdwPreferencesGroup *month_group;
  AdwActionRow *kind_rows[JG_RECORD_N_KINDS];
  GtkLabel *kind_labels[JG_RECORD_N_KINDS];
  AdwActionRow *drafts_row;
  GtkLabel *drafts_label;
  AdwActionRow *ready_row;
  GtkLabel *ready_label;
  AdwActionRow *pending_row;
  GtkLabel *pending_label;
  AdwActionRow *rejected_row;
  GtkLabel *rejected_label;
  AdwActionRow *last_run_row;
  GtkLabel *last_run_label;
  AdwPreferencesGroup *catalogue_group;
  AdwActionRow *departments_row;
  GtkLabel *departments_label;
  AdwActionRow *items_row;
  GtkLabel *items_label;
  AdwActionRow *sub_items_row;
  GtkLabel *sub_items_label;
  AdwActionRow *implementations_row;
  GtkLabel *implementations_label;
  AdwActionRow *officers_row;
  GtkLabel *officers_label;
  AdwActionRow *last_sync_row;
  GtkLabel *last_sync_label;

  /* The department's dashboard (jg-overview-page-coverage.c) */
  AdwPreferencesGroup *coverage_group;
  AdwActionRow *coverage_row;
  GtkLabel *coverage_label;
  AdwActionRow *compared_row;
  GtkLabel *compared_label;
  AdwActionRow *target_row;
  GtkLabel *target_label;
  JgCoverageChart *chart;
  JgWarningsList *warnings_list;  /* between the trend and the to-do list */
  AdwPreferencesGroup *todo_group;
  GtkDropDown *sort_dropdown;
  GtkListBox *todo_list;
  gboolean todo_all;            /* every row, not the first ones */
  GtkGrid *counts_grid;
  JgCoverageReport *report;
  GCancellable *coverage_cancellable;
  GCancellable *fetch_cancellable;  /* the server's figure being fetched */
  char *fetch_error;                /* why the last comparison failed, or NULL */

  /* The city's view */
  GtkLabel *city_title;
  GtkLabel *city_status;
  JgCityTableView *city_table;
  GCancellable *city_cancellable;

  JgSession *session;
  GCancellable *cancellable;
  guint first_reload_id;             /* the figures, after the first frame */
};


/* jg-overview-page.c: @value in @label, and the row named by its title
 * and @value. */
void     jg_overview_page_set_figure      (AdwActionRow   *row,
                                           GtkLabel       *label,
                                           const char     *value);

/* jg-overview-page-coverage.c */
/* Reads the coverage again (or the city's table, for a city account). */
void     jg_overview_page_reload_coverage (JgOverviewPage *self);
/* Asks the server for its figure, then reads the coverage again. */
void     jg_overview_page_compare         (JgOverviewPage *self);
/* Asks the server for the city's table again. */
void     jg_overview_page_refresh_city    (JgOverviewPage *self);
void     jg_overview_page_show_todo       (JgOverviewPage *self);
void     jg_overview_page_coverage_dispose (JgOverviewPage *self);

/* jg-overview-page-actions.c */
void     jg_overview_page_actions_class_init (GtkWidgetClass *widget_class);

G_END_DECLS
