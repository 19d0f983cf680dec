/* jg-entry-popover.h — a popover at the end of an entry row (a chooser, a
 * calendar), usable from the keyboard
 *
 * The entry row stays the input (dates are typed as often as picked): the
 * popover only helps. Alt+Down in the row opens it, Escape in it closes
 * it; closed from the keyboard, it gives the focus back to the row's text.
 * The record editor and the post form both use it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A flat menu button with @icon, @tooltip and the accessible name
 * @accessible that opens @popover, added as a suffix of @row. */
GtkWidget *jg_entry_row_add_popover     (AdwEntryRow *row,
                                         const char  *icon,
                                         const char  *tooltip,
                                         const char  *accessible,
                                         GtkWidget   *popover);

/* A calendar in such a popover: it opens on the date the row holds and a
 * day picked is written into the row as "YYYY-MM-DD" (with @with_time,
 * "YYYY-MM-DD HH:MM", keeping the time the row held, else 09:00).
 * @accessible names the button ("Choose a date: 处罚决定日期"). Returns
 * the popover. */
GtkWidget *jg_entry_row_add_date_picker (AdwEntryRow *row,
                                         gboolean     with_time,
                                         const char  *accessible);

G_END_DECLS
