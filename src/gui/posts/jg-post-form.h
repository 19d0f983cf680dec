/* jg-post-form.h — the fields of one post, as an administrator writes them
 *
 * Rows are built from the column's JgPostFieldSpec table (jg-post-schema.h)
 * in groups, two columns on a wide window, as the record editor's. Typing
 * sets the post's field; a "changed" of the post (another writer, undo)
 * updates the row. Every change is checked with jg_post_validate(); a
 * field's issues show under it once it was left, all of them after
 * jg_post_form_show_all_issues(). A privacy hit carries a "Mask" button
 * that masks the data in one click. The form neither saves nor submits:
 * the post editor around it does, listening to the post.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jg-post.h"

G_BEGIN_DECLS

#define JG_TYPE_POST_FORM (jg_post_form_get_type ())
G_DECLARE_FINAL_TYPE (JgPostForm, jg_post_form, JG, POST_FORM, AdwBin)

GtkWidget *jg_post_form_new              (void);

/* Builds the rows of @post's column and binds them to @post (NULL: an
 * empty form). Fields that hold a value show their issues at once. */
void       jg_post_form_set_post         (JgPostForm *self,
                                          JgPost     *post);
JgPost    *jg_post_form_get_post         (JgPostForm *self);

/* The departments a DEPARTMENT field offers: a GListModel of JgCode
 * (jg_catalogue_list_departments_sync()); NULL: none but the post's own. */
void       jg_post_form_set_departments  (JgPostForm *self,
                                          GListModel *departments);

/* The widget that edits the body of a 监管动态 post (helper E's body
 * view), put where the body field goes; the form does not bind it. NULL
 * removes it. */
void       jg_post_form_set_body_widget  (JgPostForm *self,
                                          GtkWidget  *body);

/* "YYYY-MM-DD" the checks measure "not in the future" against; by default
 * the local date when the form checks. For tests. */
void       jg_post_form_set_today        (JgPostForm *self,
                                          const char *today);

/* Every field's issues, not only those of fields left: the user tries to
 * submit. Scrolls nothing and moves no focus. */
void       jg_post_form_show_all_issues  (JgPostForm *self);
/* The errors jg_post_validate() finds in the post now (shown or not). */
guint      jg_post_form_get_n_errors     (JgPostForm *self);

/* Issues found outside jg_post_validate() (the wording check: it needs
 * the server's list), shown under their fields with the form's own; a
 * GPtrArray of JgIssue* the form keeps a reference to, or NULL. */
void       jg_post_form_set_extra_issues (JgPostForm *self,
                                          GPtrArray  *issues);
/* Moves the focus to the input of field @key and scrolls it into view;
 * FALSE when the form has no such field shown. */
gboolean   jg_post_form_focus_field      (JgPostForm *self,
                                          const char *key);

G_END_DECLS
