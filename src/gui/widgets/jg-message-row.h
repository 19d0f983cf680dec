/* jg-message-row.h — the row under a form field that says what is wrong
 * with it
 *
 * An AdwPreferencesRow, so that a preferences group keeps it in its list
 * right under the field's row, that takes no focus itself but passes it
 * on: into its own child first (a button beside the message), then to the
 * neighbouring row in the direction it came. A GtkListBox that moves the
 * focus onto a row that takes none gives up and leaves the list, which
 * made Tab skip the rest of the group under any field showing a message.
 * The record editor and the post form both use it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define JG_TYPE_MESSAGE_ROW (jg_message_row_get_type ())
G_DECLARE_FINAL_TYPE (JgMessageRow, jg_message_row, JG, MESSAGE_ROW, AdwPreferencesRow)

/* A hidden, inactivatable row (style class "field-message") holding @child. */
GtkWidget *jg_message_row_new       (GtkWidget  *child);

/* A wrapping, left-aligned, hidden label for such a row, with
 * @css_class ("error", "dim-label"…; may be NULL). */
GtkWidget *jg_message_label_new     (const char *css_class);

/* The summary above a form's fields: @counted (how many problems; taken,
 * may be NULL) and @general (the problems of no one field; may be ""),
 * a line each, or NULL when both are empty. The record editor's and the
 * post form's. */
char      *jg_message_summary_join  (char       *counted,
                                     const char *general);

G_END_DECLS
