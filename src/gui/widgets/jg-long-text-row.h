/* jg-long-text-row.h — a form row for several lines of text
 *
 * An AdwPreferencesRow (no title of its own on screen) showing its title
 * as a caption above a framed, wrapping GtkTextView in which Tab moves
 * on. The record editor and the post form both use it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The row; *@view (not NULL) is its text view. @extra (may be NULL) goes
 * under the text (the post form's "Generate" button). */
GtkWidget *jg_long_text_row_new (GtkTextView **view,
                                 GtkWidget    *extra);

G_END_DECLS
