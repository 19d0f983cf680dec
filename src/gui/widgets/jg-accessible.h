/* jg-accessible.h — one accessible name per control, where GTK 4.8 gives
 * none, two or a type name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* @label as a name: without its mnemonic ("登录(_S)…" → "登录…",
 * "_Sign In" → "Sign In"). */
char *jg_accessible_strip_mnemonic (const char *label);

/* Names @widget @label and nothing else: GTK 4.8 reads a widget's own
 * label followed by those of the widgets it is labelled by ("实施机构
 * 实施机构"), so this drops the latter. */
void  jg_accessible_set_label      (GtkWidget  *widget,
                                    const char *label);

/* Names @widget @label for good: jg_accessible_fix_names() leaves it as
 * it is (a "_Fix" button of a list named "Fix JC-2026-W01-0001 · …", so
 * that each row's button says what it fixes). */
void  jg_accessible_set_own_label  (GtkWidget  *widget,
                                    const char *label);

/* Names, now and whenever their labels change, the controls under @root
 * that GTK 4.8 names badly: a button, menu button or check button with a
 * mnemonic label by its label without the mnemonic, as the widget a
 * mnemonic label is for; an entry or combo row, an action row's switch
 * or check button by the row's title (not twice);
 * the button inside a GtkDropDown (otherwise read "GtkToggleButton") by
 * the drop-down's name; a password row's peek button, a preferences
 * window's search entry. Their tooltips, set
 * now or later, are shown wide enough for Chinese.
 * Call it once the widgets are built (after gtk_widget_init_template). */
void  jg_accessible_fix_names      (GtkWidget  *root);

/* Shows @widget's tooltip, set now or later, wide enough for Chinese (for
 * a widget made after jg_accessible_fix_names() ran). */
void  jg_accessible_fix_tooltip    (GtkWidget  *widget);

/* adw_toast_overlay_add_toast(), naming the toast's close button
 * (libadwaita 1.2 leaves it unnamed), and those of the toasts shown after
 * it. */
void  jg_accessible_add_toast      (AdwToastOverlay *overlay,
                                    AdwToast        *toast);

/* Names the list item (a GtkListView's row) that holds @child by @child's
 * own name: in GTK 4.8 the row, which the keyboard focuses, has none. */
void  jg_accessible_label_list_item (GtkWidget *child);

G_END_DECLS
