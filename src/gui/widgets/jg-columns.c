/* jg-columns.c — two columns side by side on a wide window, one above the
 * other on a narrow one
 *
 * GTK 4.8 and libadwaita 1.2 have no breakpoints: the widget measures and
 * allocates its two boxes itself, so that the choice follows the width it
 * is given, with no relayout of its own during allocation. Side by side,
 * the first column is on the left (the focus moves by position: top to
 * bottom, then left to right, so the first column is read first).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "jg-columns.h"

#define N_COLUMNS 2

struct _JgColumns
{
  GtkWidget parent_instance;

  GtkWidget *columns[N_COLUMNS];
  int min_column_width;
  int spacing;
  gboolean side_by_side;
};

G_DEFINE_FINAL_TYPE (JgColumns, jg_columns, GTK_TYPE_WIDGET)

static gboolean
fits_side_by_side (JgColumns *self,
                   int        width)
{
  return width >= N_COLUMNS * self->min_column_width + self->spacing;
}

static int
column_width (JgColumns *self,
              int        width)
{
  return (width - self->spacing) / N_COLUMNS;
}

static void
jg_columns_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  JgColumns *self = JG_COLUMNS (widget);
  gboolean side = orientation == GTK_ORIENTATION_VERTICAL && for_size >= 0 &&
                  fits_side_by_side (self, for_size);
  int child_for = side ? column_width (self, for_size) : for_size;

  *minimum = *natural = 0;
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      int min = 0, nat = 0;

      if (!gtk_widget_should_layout (self->columns[i]))
        continue;
      gtk_widget_measure (self->columns[i], orientation, child_for, &min, &nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          /* Narrow, one above the other; as wide as two, side by side. */
          *minimum = MAX (*minimum, min);
          *natural += nat + (i > 0 ? self->spacing : 0);
        }
      else if (side)
        {
          *minimum = MAX (*minimum, min);
          *natural = MAX (*natural, nat);
        }
      else
        {
          *minimum += min + (i > 0 ? self->spacing : 0);
          *natural += nat + (i > 0 ? self->spacing : 0);
        }
    }
}

static void
jg_columns_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  JgColumns *self = JG_COLUMNS (widget);
  int y = 0;

  self->side_by_side = fits_side_by_side (self, width);
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkAllocation a;
      int min = 0, nat = 0;

      if (!gtk_widget_should_layout (self->columns[i]))
        continue;
      if (self->side_by_side)
        {
          int w = column_width (self, width);

          a = (GtkAllocation) { i * (w + self->spacing), 0, w, height };
        }
      else
        {
          gtk_widget_measure (self->columns[i], GTK_ORIENTATION_VERTICAL, width, &min, &nat, NULL, NULL);
          a = (GtkAllocation) { 0, y, width, nat };
          y += nat + self->spacing;
        }
      gtk_widget_size_allocate (self->columns[i], &a, -1);
    }
}

static GtkSizeRequestMode
jg_columns_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
jg_columns_dispose (GObject *object)
{
  JgColumns *self = JG_COLUMNS (object);

  for (guint i = 0; i < N_COLUMNS; i++)
    g_clear_pointer (&self->columns[i], gtk_widget_unparent);

  G_OBJECT_CLASS (jg_columns_parent_class)->dispose (object);
}

static void
jg_columns_class_init (JgColumnsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_columns_dispose;
  widget_class->measure = jg_columns_measure;
  widget_class->size_allocate = jg_columns_size_allocate;
  widget_class->get_request_mode = jg_columns_get_request_mode;
}

static void
jg_columns_init (JgColumns *self)
{
}

GtkWidget *
jg_columns_new (int min_column_width,
                int spacing)
{
  JgColumns *self = g_object_new (JG_TYPE_COLUMNS, NULL);

  self->min_column_width = min_column_width;
  self->spacing = spacing;
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      self->columns[i] = gtk_box_new (GTK_ORIENTATION_VERTICAL, spacing);
      gtk_widget_set_parent (self->columns[i], GTK_WIDGET (self));
    }
  return GTK_WIDGET (self);
}

GtkBox *
jg_columns_get_column (JgColumns *self,
                       guint      index)
{
  g_return_val_if_fail (JG_IS_COLUMNS (self), NULL);
  g_return_val_if_fail (index < N_COLUMNS, NULL);

  return GTK_BOX (self->columns[index]);
}

gboolean
jg_columns_get_side_by_side (JgColumns *self)
{
  g_return_val_if_fail (JG_IS_COLUMNS (self), FALSE);

  return self->side_by_side;
}

void
jg_columns_balance_groups (JgColumns      *self,
                           guint           n_rows,
                           JgColumnsRowAt  row_at,
                           gpointer        data)
{
  GtkBox *first = jg_columns_get_column (self, 0);
  GtkBox *second = jg_columns_get_column (self, 1);
  GtkWidget *group = gtk_widget_get_first_child (GTK_WIDGET (first));
  guint before = 0;

  while (group != NULL && before * 2 < n_rows)
    {
      for (guint i = 0; i < n_rows; i++)
        if (gtk_widget_get_ancestor (row_at (data, i), ADW_TYPE_PREFERENCES_GROUP) == group)
          before++;
      group = gtk_widget_get_next_sibling (group);
    }
  while (group != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (group);

      g_object_ref (group);
      gtk_box_remove (first, group);
      gtk_box_append (second, group);
      g_object_unref (group);
      group = next;
    }
}

AdwPreferencesGroup *
jg_columns_get_group (JgColumns  *self,
                      GHashTable *groups,
                      const char *name)
{
  AdwPreferencesGroup *group = g_hash_table_lookup (groups, name);

  if (group == NULL)
    {
      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, _(name));
      gtk_box_append (jg_columns_get_column (self, 0), GTK_WIDGET (group));
      g_hash_table_insert (groups, (gpointer) name, group);
    }
  return group;
}
