/* jg-catalogue-page-private.h — shared by the catalogue page's files
 *
 * jg-catalogue-page.c (filters, the query, the search entry, the session)
 * and jg-catalogue-page-results.c (the list of results, grown as it is
 * scrolled, and the detail of the selected item).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-catalogue-page.h"
#include "jg-item-detail.h"

G_BEGIN_DECLS

struct _JgCataloguePage
{
  AdwBin parent_instance;

  GtkStack *main_stack;
  AdwStatusPage *empty_page;
  GtkWidget *download_button;
  GtkProgressBar *download_progress;
  GtkLabel *download_label;
  AdwLeaflet *leaflet;
  GtkSearchEntry *search_entry;
  GtkDropDown *department_dropdown;
  GtkDropDown *action_type_dropdown;
  GtkDropDown *level_dropdown;
  GtkDropDown *random_dropdown;
  GtkLabel *count_label;
  GtkStack *results_stack;
  GtkListView *list_view;
  AdwStatusPage *no_results_page;
  GtkStack *detail_stack;
  JgItemDetail *detail;

  GtkSingleSelection *selection;
  guint n_results;
  /* The results in the list: the first RESULT_STEP × k of the last query's. */
  GtkSliceListModel *shown;

  JgSession *session;
  GCancellable *search_cancellable;
  GCancellable *codes_cancellable;
  guint blocking_filters;
  /* The item to select once the next query's results are in (one-key
   * search opened it): jg_catalogue_page_show_item. */
  char *pending_code;
  gboolean disposed;
};

JgCatalogue *jg_catalogue_page_get_catalogue      (JgCataloguePage *self);

/* jg-catalogue-page-results.c */
/* The template callbacks of the list, and its model and rows. */
void         jg_catalogue_page_class_init_results (GtkWidgetClass  *widget_class);
void         jg_catalogue_page_init_results       (JgCataloguePage *self);
/* Shows @items (NULL: none), the first rows of them or at least
 * @at_least, up to the n_results the count announces. */
void         jg_catalogue_page_show_results       (JgCataloguePage *self,
                                                   GListModel      *items,
                                                   guint            at_least);
/* Shows @item in the detail (and goes there on a narrow window when
 * @navigate). */
void         jg_catalogue_page_show_detail        (JgCataloguePage *self,
                                                   JgSubItem       *item,
                                                   gboolean         navigate);
/* Selects the first result unless one is, and moves the focus onto it. */
void         jg_catalogue_page_focus_results      (JgCataloguePage *self);

G_END_DECLS
