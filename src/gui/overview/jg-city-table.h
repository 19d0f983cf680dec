/* jg-city-table.h — the city's table of every department
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "jg-coverage-city.h"

G_BEGIN_DECLS

#define JG_TYPE_CITY_TABLE_VIEW (jg_city_table_view_get_type ())
G_DECLARE_FINAL_TYPE (JgCityTableView, jg_city_table_view, JG, CITY_TABLE_VIEW, GtkWidget)

GtkWidget *jg_city_table_view_new       (void);
/* Shows @table's rows (taken over: the view keeps them); NULL empties. */
void       jg_city_table_view_set_table (JgCityTableView *self,
                                    JgCityTable     *table);
/* How many rows are below target (for the heading). */
guint      jg_city_table_view_get_n_below (JgCityTableView *self);

G_END_DECLS
