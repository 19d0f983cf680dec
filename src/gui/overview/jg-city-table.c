/* jg-city-table.c — the city's table of every department
 *
 * A GtkColumnView over the rows of GET /api/v1/city/departments
 * (jg-coverage-city.h), every column sortable (click its header; the
 * departments below target first is one click on "Short of target").
 * A department below target is marked in its name's cell with a
 * warning-coloured "Below target", in words, so that it is neither
 * colour alone nor lost to a screen reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-city-table.h"

#define NAME_COLUMN_WIDTH 280

/* --- one row as a GObject, for the list model ------------------------------ */

#define JG_TYPE_CITY_ITEM (jg_city_item_get_type ())
G_DECLARE_FINAL_TYPE (JgCityItem, jg_city_item, JG, CITY_ITEM, GObject)

struct _JgCityItem
{
  GObject    parent_instance;
  JgCityRow *row;       /* borrowed from the view's table */
};

G_DEFINE_FINAL_TYPE (JgCityItem, jg_city_item, G_TYPE_OBJECT)

static void jg_city_item_class_init (JgCityItemClass *klass) { }
static void jg_city_item_init (JgCityItem *self) { }

/* --- the columns ------------------------------------------------------------ */

typedef enum {
  COL_NAME,
  COL_COVERAGE,
  COL_GAP,
  COL_INSPECTION,
  COL_PENALTY,
  COL_COERCION,
  COL_OTHER,
  COL_DYNAMICS,
  COL_EXPOSURE,
  COL_REJECTED,
  COL_LAST_SYNC,
  N_COLUMNS
} Column;

static const char * const titles[N_COLUMNS] = {
  N_("Department"), N_("Coverage"), N_("Short of Target"), NULL, NULL, NULL, NULL,
  N_("Dynamics (Updates/Items)"), N_("Exposure (Updates/Items)"), N_("Rejected, Not Fixed"),
  N_("Last Sync"),
};

struct _JgCityTableView
{
  GtkWidget parent_instance;

  GtkWidget     *scrolled;
  GtkColumnView *view;
  GListStore    *store;
  JgCityTable   *table;
};

G_DEFINE_FINAL_TYPE (JgCityTableView, jg_city_table_view, GTK_TYPE_WIDGET)

static char *
cell_text (const JgCityRow *row,
           Column           column)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  switch (column)
    {
    case COL_NAME:
      return g_strdup (row->name);
    case COL_COVERAGE:
      if (row->coverage < 0)
        return g_strdup ("—");
      return g_strdup_printf ("%s%%", g_ascii_formatd (buf, sizeof buf, "%.1f", row->coverage));
    case COL_GAP:
      return g_strdup_printf ("%u", row->gap);
    case COL_INSPECTION:
    case COL_PENALTY:
    case COL_COERCION:
    case COL_OTHER:
      return g_strdup_printf ("%u", row->records[column - COL_INSPECTION]);
    case COL_DYNAMICS:
      return g_strdup_printf ("%u/%u", row->dynamics_updates, row->dynamics_items);
    case COL_EXPOSURE:
      return g_strdup_printf ("%u/%u", row->exposure_updates, row->exposure_items);
    case COL_REJECTED:
      return g_strdup_printf ("%u", row->rejected_open);
    case COL_LAST_SYNC:
      return row->last_sync > 0 ? jg_city_format_time (row->last_sync) : g_strdup (_("Never"));
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* The value a column sorts on; names compare as text. */
static double
sort_value (const JgCityRow *row,
            Column           column)
{
  switch (column)
    {
    case COL_COVERAGE: return row->coverage;
    case COL_GAP: return row->gap;
    case COL_INSPECTION: case COL_PENALTY: case COL_COERCION: case COL_OTHER:
      return row->records[column - COL_INSPECTION];
    case COL_DYNAMICS: return row->dynamics_items * 1000.0 + row->dynamics_updates;
    case COL_EXPOSURE: return row->exposure_items * 1000.0 + row->exposure_updates;
    case COL_REJECTED: return row->rejected_open;
    case COL_LAST_SYNC: return (double) row->last_sync;
    case COL_NAME: case N_COLUMNS: default: return 0;
    }
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const JgCityRow *x = JG_CITY_ITEM ((gpointer) a)->row;
  const JgCityRow *y = JG_CITY_ITEM ((gpointer) b)->row;
  Column column = GPOINTER_TO_INT (user_data);
  double dx, dy;

  if (column == COL_NAME)
    return g_utf8_collate (x->name, y->name);
  dx = sort_value (x, column);
  dy = sort_value (y, column);
  return dx < dy ? GTK_ORDERING_SMALLER : dx > dy ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COL_NAME ? 0.0 : 1.0);
  if (column != COL_NAME)
    gtk_widget_add_css_class (label, "numeric");
  if (column == COL_NAME)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *mark = gtk_label_new (_("Below target"));

      gtk_widget_add_css_class (mark, "warning");
      gtk_widget_add_css_class (mark, "caption-heading");
      gtk_widget_set_hexpand (label, TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), mark);
      gtk_list_item_set_child (item, box);
      return;
    }
  gtk_list_item_set_child (item, label);
}

/* Names the table row around @child by @child: GTK 4.8 names a column
 * view's rows by their type ("GtkListItemWidget"). */
static void
name_row (GtkWidget *child)
{
  for (GtkWidget *w = gtk_widget_get_parent (child); w != NULL; w = gtk_widget_get_parent (w))
    if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (w)) == GTK_ACCESSIBLE_ROLE_ROW)
      {
        gtk_accessible_update_relation (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                        child, NULL, -1);
        return;
      }
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  JgCityItem *city = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  g_autofree char *text = cell_text (city->row, column);

  if (column == COL_NAME)
    {
      GtkWidget *label = gtk_widget_get_first_child (child);
      GtkWidget *mark = gtk_widget_get_last_child (child);
      g_autofree char *name = city->row->below_target
                              /* TRANSLATORS: accessible name of a department below target */
                              ? g_strdup_printf (_("%s, below target"), text) : g_strdup (text);

      gtk_label_set_label (GTK_LABEL (label), text);
      gtk_widget_set_visible (mark, city->row->below_target);
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      name_row (child);
      return;
    }
  gtk_label_set_label (GTK_LABEL (child), text);
}

static void
add_column (JgCityTableView *self,
            Column           column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) col = NULL;
  GtkSorter *sorter;
  const char *title = column >= COL_INSPECTION && column <= COL_OTHER
                      ? jg_record_kind_get_label ((JgRecordKind) (column - COL_INSPECTION))
                      : _(titles[column]);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GINT_TO_POINTER (column));
  col = gtk_column_view_column_new (title, factory);
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, GINT_TO_POINTER (column), NULL));
  gtk_column_view_column_set_sorter (col, sorter);
  g_object_unref (sorter);
  gtk_column_view_column_set_resizable (col, TRUE);
  /* The name wide enough for a county bureau's, the figures as wide as
   * they need: the view scrolls sideways on a narrow window. */
  if (column == COL_NAME)
    gtk_column_view_column_set_fixed_width (col, NAME_COLUMN_WIDTH);
  gtk_column_view_append_column (self->view, col);
}

static void
jg_city_table_view_dispose (GObject *object)
{
  JgCityTableView *self = JG_CITY_TABLE_VIEW (object);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_object (&self->store);
  g_clear_pointer (&self->table, jg_city_table_free);
  G_OBJECT_CLASS (jg_city_table_view_parent_class)->dispose (object);
}

static void
jg_city_table_view_class_init (JgCityTableViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_city_table_view_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
jg_city_table_view_init (JgCityTableView *self)
{
  g_autoptr(GtkSortListModel) sorted = NULL;
  GtkSelectionModel *selection;

  self->store = g_list_store_new (JG_TYPE_CITY_ITEM);
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  gtk_column_view_set_show_column_separators (self->view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "data-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Departments"), -1);
  for (Column c = 0; c < N_COLUMNS; c++)
    add_column (self, c);
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                    g_object_ref (gtk_column_view_get_sorter (self->view)));
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&sorted))));
  gtk_column_view_set_model (self->view, selection);
  g_object_unref (selection);

  /* The row of column titles, named as such rather than by its type. */
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (self->view)); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (w)) == GTK_ACCESSIBLE_ROLE_ROW)
      gtk_accessible_update_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Column Titles"), -1);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), GTK_WIDGET (self->view));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (self->scrolled, TRUE);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}

GtkWidget *
jg_city_table_view_new (void)
{
  return g_object_new (JG_TYPE_CITY_TABLE_VIEW, NULL);
}

void
jg_city_table_view_set_table (JgCityTableView *self,
                         JgCityTable     *table)
{
  g_return_if_fail (JG_IS_CITY_TABLE_VIEW (self));

  g_list_store_remove_all (self->store);
  g_clear_pointer (&self->table, jg_city_table_free);
  self->table = table;
  for (guint i = 0; table != NULL && i < table->rows->len; i++)
    {
      g_autoptr(JgCityItem) item = g_object_new (JG_TYPE_CITY_ITEM, NULL);

      item->row = g_ptr_array_index (table->rows, i);
      g_list_store_append (self->store, item);
    }
}

guint
jg_city_table_view_get_n_below (JgCityTableView *self)
{
  guint n = 0;

  for (guint i = 0; self->table != NULL && i < self->table->rows->len; i++)
    if (((JgCityRow *) g_ptr_array_index (self->table->rows, i))->below_target)
      n++;
  return n;
}
