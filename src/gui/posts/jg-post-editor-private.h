/* jg-post-editor-private.h — shared by the post editor's own files
 *
 * jg-post-editor.c: the post, its saving, the header, the checks and
 * the preview; jg-post-editor-history.c: the sign-offs, the history and
 * the bars that explain the post's state; jg-post-editor-actions.c: the "editor." actions
 * (submit, delete, withdraw, choose between two copies) and the keys.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gi18n.h>

#include "jg-post-body-toolbar.h"
#include "jg-post-body-view.h"
#include "jg-post-editor.h"
#include "jg-post-form.h"
#include "jg-post-preview.h"

G_BEGIN_DECLS

struct _JgPostEditor
{
  AdwBin parent_instance;

  GtkWidget *back_button;
  GtkLabel *title_label;
  GtkLabel *status_label;
  GtkLabel *state_badge;
  GtkToggleButton *preview_button;
  GtkWidget *more_button;
  GtkWidget *submit_button;
  GtkWidget *conflict_bar;
  GtkWidget *note_bar;
  GtkLabel *note_title;
  GtkLabel *note_label;
  GtkStack *view_stack;
  AdwClamp *clamp;
  GtkWidget *checks_group;
  GtkListBox *checks_list;
  JgPostForm *form;
  AdwPreferencesGroup *history_group;
  JgPostPreview *preview;

  JgSession *session;
  JgPostStore *store;
  JgPost *post;
  gulong changed_id;
  GtkWidget *body_box;           /* 监管动态: the toolbar and the body view */
  JgPostBodyView *body;
  GSimpleActionGroup *actions;
  GCancellable *cancellable;
  GPtrArray *history_rows;

  guint save_id;
  guint checks_id;
  /* Changes not yet handed to a save; the body is read into the post only
   * when saving (reading it walks the whole buffer). */
  gboolean dirty;
  gboolean body_dirty;
  /* Saves handed to the post store's thread and not finished. */
  guint saves_running;
  /* Set while the editor writes the body into the post: not a change of
   * the user's to schedule again. */
  gboolean writing_body;
  /* Set while the editor fills in a default: not the user's input, so a
   * draft left with nothing else is still blank and not kept. */
  gboolean prefilling;
  /* The post is on the server (sending, in review, published, withdrawn):
   * shown, not edited. */
  gboolean read_only;
  /* The user tried to submit: the errors are listed too. */
  gboolean show_all;
};

/* jg-post-editor.c */
void     jg_post_editor_emit_message   (JgPostEditor *self,
                                        const char   *text);
void     jg_post_editor_emit_close     (JgPostEditor *self);
void     jg_post_editor_emit_deleted   (JgPostEditor *self,
                                        JgPost       *before);
/* Hands the post (with the body read in) to the post store's thread when
 * it changed; the saves run in order, before anything called after. */
void     jg_post_editor_save_now       (JgPostEditor *self);
/* The stored post was changed by an action (submitted, resolved,
 * withdrawn): loads it again and shows it. */
void     jg_post_editor_reload         (JgPostEditor *self);
/* Every issue of the post now: jg_post_validate() and the wording hits. */
GPtrArray *jg_post_editor_collect_issues (JgPostEditor *self);
/* Shows the checks now (the list above the form and the form's fields). */
void     jg_post_editor_show_checks    (JgPostEditor *self);
/* Moves the focus to the field @key of the form (the body editor for the
 * body). */
void     jg_post_editor_focus_field    (JgPostEditor *self,
                                        const char   *key);

/* jg-post-editor-history.c */
/* The sign-offs and the history below the form, and the bars above it. */
void     jg_post_editor_refresh_history (JgPostEditor *self);

/* jg-post-editor-actions.c */
void     jg_post_editor_actions_class_init (GtkWidgetClass *widget_class);
void     jg_post_editor_actions_init   (JgPostEditor *self);
/* Enables the actions for the post's state. */
void     jg_post_editor_actions_update (JgPostEditor *self);

G_END_DECLS
