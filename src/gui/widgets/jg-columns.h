/* jg-columns.h — two columns side by side on a wide window, one above the
 * other on a narrow one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define JG_TYPE_COLUMNS (jg_columns_get_type ())
G_DECLARE_FINAL_TYPE (JgColumns, jg_columns, JG, COLUMNS, GtkWidget)

/* Side by side once each column can be at least @min_column_width wide;
 * @spacing between them, side by side or stacked. */
GtkWidget *jg_columns_new          (int        min_column_width,
                                    int        spacing);
/* The vertical box of column @index (0: the first in reading order). */
GtkBox    *jg_columns_get_column   (JgColumns *self,
                                    guint      index);
/* Whether the columns are side by side at the last allocation. */
gboolean   jg_columns_get_side_by_side (JgColumns *self);

/* The preference group titled @name (a msgid, static; shown translated)
 * kept in @groups (msgid → group), made at the end of the first column
 * when new: where the record editor and the post form put their fields
 * until they are laid out. */
AdwPreferencesGroup *jg_columns_get_group (JgColumns  *self,
                                           GHashTable *groups,
                                           const char *name);

/* The @index-th of the form's field rows. */
typedef GtkWidget *(*JgColumnsRowAt) (gpointer data,
                                      guint    index);

/* Of the preference groups all in the first column, leaves there the
 * first ones until they hold about half the @n_rows field rows
 * (@row_at gives each) and moves the others to the second: the record
 * editor's and the post form's layout. */
void       jg_columns_balance_groups (JgColumns     *self,
                                      guint          n_rows,
                                      JgColumnsRowAt row_at,
                                      gpointer       data);

G_END_DECLS
