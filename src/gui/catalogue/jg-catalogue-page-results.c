/* jg-catalogue-page-results.c — the catalogue page's list of results
 * and the detail of the selected item
 *
 * The list shows the results RESULT_STEP at a time, the next ones coming
 * when it is scrolled to its end: GTK 4.8's GtkListView makes and binds a
 * row widget for every item of its model up to 200, so a model of all 200
 * results made each query cost ~200 ms of row building and layout, against
 * ~1 ms for the search itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-accessible.h"
#include "jg-catalogue-page-private.h"
#include "jg-list-row.h"

/* Rows in the list at first and added at each scroll to its end: more than
 * a maximised window shows. */
#define RESULT_STEP 24

static void
result_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkWidget *row = jg_list_row_new ();

  jg_list_row_set_title_lines (JG_LIST_ROW (row), 2);
  jg_list_row_set_max_width_chars (JG_LIST_ROW (row), 30);
  jg_accessible_fix_tooltip (row);
  gtk_list_item_set_child (list_item, row);
}

static void
result_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  JgSubItem *item = gtk_list_item_get_item (list_item);
  JgListRow *row = JG_LIST_ROW (gtk_list_item_get_child (list_item));
  const char *department = jg_sub_item_get_department_name (item);
  JgItemAvailability availability = jg_sub_item_get_availability (item, NULL);
  const char *badge_text = jg_item_availability_to_label (availability);
  g_autofree char *caption_text = NULL;
  g_autofree char *accessible = NULL;

  if (department != NULL && *department != '\0')
    caption_text = g_strdup_printf ("%s · %s", jg_sub_item_get_code (item), department);
  else
    caption_text = g_strdup (jg_sub_item_get_code (item));

  if (badge_text != NULL)
    /* TRANSLATORS: accessible name of a search result: code, name and
     * availability, e.g. "44520011000101 对食品生产的检查 (Cancelled)" */
    accessible = g_strdup_printf (_("%s %s (%s)"), jg_sub_item_get_code (item),
                                  jg_sub_item_get_name (item), badge_text);
  else
    accessible = g_strdup_printf ("%s %s", jg_sub_item_get_code (item),
                                  jg_sub_item_get_name (item));

  jg_list_row_set_accessible_label (row, accessible);
  jg_list_row_set_title (row, jg_sub_item_get_name (item));
  jg_list_row_set_caption (row, caption_text);
  jg_list_row_set_badge (row, badge_text);
  jg_list_row_set_badge_style (row,
                               availability == JG_ITEM_CANCELLED ||
                               availability == JG_ITEM_EXPIRED ? JG_LIST_ROW_BADGE_ERROR
                                                               : JG_LIST_ROW_BADGE_WARNING);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), jg_sub_item_get_name (item));
}

void
jg_catalogue_page_show_detail (JgCataloguePage *self,
                               JgSubItem       *item,
                               gboolean         navigate)
{
  if (item == NULL)
    return;

  jg_item_detail_set_item (self->detail, jg_catalogue_page_get_catalogue (self), item);
  gtk_stack_set_visible_child_name (self->detail_stack, "item");

  if (navigate && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "detail");
}

static void
selection_changed_cb (JgCataloguePage *self)
{
  JgSubItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (item != NULL && item != jg_item_detail_get_item (self->detail))
    jg_catalogue_page_show_detail (self, item, FALSE);
}

static void
list_activate_cb (JgCataloguePage *self,
                  guint            position,
                  GtkListView     *list_view)
{
  g_autoptr(JgSubItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  gtk_single_selection_set_selected (self->selection, position);
  jg_catalogue_page_show_detail (self, item, TRUE);
}

static void
back_clicked_cb (JgCataloguePage *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

void
jg_catalogue_page_focus_results (JgCataloguePage *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return;

  if (position == GTK_INVALID_LIST_POSITION)
    {
      position = 0;
      gtk_single_selection_set_selected (self->selection, position);
    }

  /* Scrolls to the item and moves the keyboard focus onto it. */
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  if (!gtk_widget_has_focus (GTK_WIDGET (self->list_view)) &&
      !gtk_widget_is_ancestor (gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self))),
                               GTK_WIDGET (self->list_view)))
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* Shows @items (NULL: none), the first RESULT_STEP of them or at least
 * @at_least, up to the n_results the count announces. */
void
jg_catalogue_page_show_results (JgCataloguePage *self,
                                GListModel      *items,
                                guint            at_least)
{
  guint size;

  if (items == NULL)
    self->n_results = 0;
  size = MIN (MAX (RESULT_STEP, at_least), self->n_results);

  /* Size first: a model swap with the old size would bind up to
   * all the previous results' rows for nothing. */
  g_object_freeze_notify (G_OBJECT (self->shown));
  if (gtk_slice_list_model_get_size (self->shown) > size)
    {
      gtk_slice_list_model_set_size (self->shown, size);
      gtk_slice_list_model_set_model (self->shown, items);
    }
  else
    {
      gtk_slice_list_model_set_model (self->shown, items);
      gtk_slice_list_model_set_size (self->shown, size);
    }
  g_object_thaw_notify (G_OBJECT (self->shown));
}

static void
show_more_results (JgCataloguePage *self)
{
  guint size = gtk_slice_list_model_get_size (self->shown);

  if (size < self->n_results)
    gtk_slice_list_model_set_size (self->shown, MIN (size + RESULT_STEP, self->n_results));
}

/* The list was scrolled to its end (the keyboard too scrolls the focused
 * row into view): the next RESULT_STEP results. */
static void
results_edge_reached_cb (JgCataloguePage *self,
                         GtkPositionType  position)
{
  if (position == GTK_POS_BOTTOM)
    show_more_results (self);
}

/* A list shorter than a tall window cannot be scrolled to its end. */
static void
results_adjustment_changed_cb (JgCataloguePage *self,
                               GtkAdjustment   *adjustment)
{
  if (gtk_adjustment_get_upper (adjustment) <= gtk_adjustment_get_page_size (adjustment) &&
      gtk_adjustment_get_page_size (adjustment) > 0)
    show_more_results (self);
}

void
jg_catalogue_page_class_init_results (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, results_edge_reached_cb);
}

void
jg_catalogue_page_init_results (JgCataloguePage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  self->shown = gtk_slice_list_model_new (NULL, 0, 0);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->shown)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (selection_changed_cb), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (result_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (result_bind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)),
                           "changed", G_CALLBACK (results_adjustment_changed_cb), self,
                           G_CONNECT_SWAPPED);
}
