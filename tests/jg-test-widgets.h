/* jg-test-widgets.h — what a user sees of a form, for the C widget tests
 *
 * Tests that put a widget in a real window under Xvfb (gui-post-form)
 * find rows by their titles, read the message under a field, type and
 * move the focus as a user would, and run the main loop until what they
 * wait for shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef gboolean (*JgTestCondition) (gpointer data);

/* Runs the main loop until @condition says so; fails after 3 s. */
void        jg_test_wait_until        (JgTestCondition condition,
                                       gpointer        data);
/* Runs the main loop for 400 ms: a form's pause before it checks passes. */
void        jg_test_settle            (void);
/* Whether @data (a widget) is mapped and has a height: a condition. */
gboolean    jg_test_mapped            (gpointer        data);

/* The preferences row under @widget titled @title or "@title *". */
GtkWidget  *jg_test_find_row          (GtkWidget      *widget,
                                       const char     *title);
/* The label under @widget reading @text exactly (mnemonics included). */
GtkWidget  *jg_test_find_label        (GtkWidget      *widget,
                                       const char     *text);
/* The first widget of @type under @widget (itself included). */
GtkWidget  *jg_test_find_type         (GtkWidget      *widget,
                                       GType           type);
GtkWidget  *jg_test_find_text_view    (GtkWidget      *widget);

/* The message shown in the row under @field_row ("" when none shows),
 * whether it is an error, and the button beside it (NULL when hidden). */
const char *jg_test_message           (GtkWidget      *field_row);
gboolean    jg_test_message_is_error  (GtkWidget      *field_row);
GtkWidget  *jg_test_message_button    (GtkWidget      *field_row);
/* Waits until the message under @field_row contains @needle. */
void        jg_test_wait_for_message  (GtkWidget      *field_row,
                                       const char     *needle);

/* The text of a several-lines row. */
char       *jg_test_long_text         (GtkWidget      *field_row);
/* Gives the field's input the focus (the previous one is left). */
void        jg_test_focus             (GtkWidget      *field_row);
/* Focuses the field, then types @text at its end / as its whole text. */
void        jg_test_type_long_text    (GtkWidget      *field_row,
                                       const char     *text);
void        jg_test_type_text         (GtkWidget      *field_row,
                                       const char     *text);
/* The label a combo row shows; choosing another by its label. */
const char *jg_test_combo_label       (GtkWidget      *combo);
void        jg_test_choose            (GtkWidget      *combo,
                                       const char     *label);
/* A click on a visible, sensitive button (gtk_widget_activate() would
 * click only after its pressed look has shown for a while). */
void        jg_test_click             (GtkWidget      *button);

G_END_DECLS
