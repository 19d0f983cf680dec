/* jg-post-editor.c — one post of 监管动态 or 曝光台, as its author edits it
 *
 * The fields are the post form's (JgPostForm); for 监管动态 the body is a
 * JgPostBodyView with its toolbar, put in the form where the body goes.
 * Every change is saved 500 ms after the last one through the post
 * store's own thread (jg_post_store_save_async, in order), so that typing
 * never waits for SQLite; the body is read out of its view only then.
 * Leaving the editor waits for those saves and saves what is left on the
 * caller's connection. Above the form: the checks before submission (the
 * validator's and the wording hits, each leading to its field); below it:
 * the sign-offs and the history. A post the server holds is shown, not
 * edited. The actions are in jg-post-editor-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-accessible.h"
#include "jg-post-editor-private.h"
#include "jg-post-images.h"
#include "jg-post-states.h"
#include "jg-post-validate.h"

#define SAVE_DELAY_MS 500
#define CHECKS_DELAY_MS 300
/* As the record editor's form: as wide as a wide window allows. */
#define FORM_MAX_WIDTH 1400
#define FORM_TIGHTENING_THRESHOLD 1000
/* The body editor's height before it grows with its text. */
#define BODY_MIN_HEIGHT 320
/* Images are decoded for the editor at twice the widest a figure is drawn:
 * sharp on a HiDPI screen, small enough to decode fast. */
#define IMAGE_LOAD_SCALE 2

G_DEFINE_FINAL_TYPE (JgPostEditor, jg_post_editor, ADW_TYPE_BIN)

enum { SIGNAL_CLOSE, SIGNAL_MESSAGE, SIGNAL_DELETED, N_SIGNALS };
static guint signals[N_SIGNALS];

void
jg_post_editor_emit_message (JgPostEditor *self,
                             const char   *text)
{
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, text);
}

void
jg_post_editor_emit_close (JgPostEditor *self)
{
  g_signal_emit (self, signals[SIGNAL_CLOSE], 0);
}

void
jg_post_editor_emit_deleted (JgPostEditor *self,
                             JgPost       *before)
{
  g_signal_emit (self, signals[SIGNAL_DELETED], 0, before);
}

/* What the server holds is not edited here: a post on its way, with the
 * reviewer, on the portal, or taken off it. */
static gboolean
state_is_read_only (JgPostState state)
{
  return state == JG_POST_STATE_SENDING || state == JG_POST_STATE_IN_REVIEW
         || state == JG_POST_STATE_PUBLISHED || state == JG_POST_STATE_WITHDRAWN;
}

static char *
today_string (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* --- images ------------------------------------------------------------------ */

static GdkPaintable *
load_image (const char *sha256,
            gpointer    user_data)
{
  return jg_post_figure_load_stored (user_data, sha256, JG_POST_FIGURE_MAX_WIDTH * IMAGE_LOAD_SCALE);
}

static void
image_imported_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(JgPostEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = jg_post_images_import_finish (JG_POST_STORE (source), result, &error);

  if (sha256 == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        jg_post_editor_emit_message (self, error->message);
      return;
    }
  if (self->body != NULL && !self->read_only)
    jg_post_body_view_insert_image (self->body, sha256, NULL, NULL, NULL);
}

static void
body_image_requested_cb (JgPostEditor   *self,
                         GFile          *file,
                         JgPostBodyView *view)
{
  jg_post_images_import_async (self->store, NULL, file, self->cancellable,
                               image_imported_cb, g_object_ref (self));
}

static void
body_image_pasted_cb (JgPostEditor   *self,
                      GdkTexture     *texture,
                      JgPostBodyView *view)
{
  g_autoptr(GBytes) png = gdk_texture_save_to_png_bytes (texture);

  jg_post_images_import_async (self->store, png, NULL, self->cancellable,
                               image_imported_cb, g_object_ref (self));
}

static void
body_paste_cleaned_cb (JgPostEditor   *self,
                       JgPostBodyView *view)
{
  jg_post_editor_emit_message (self, _("Formatting a post cannot keep was left out of the pasted text."));
}

/* --- saving ------------------------------------------------------------------ */

static void update_header (JgPostEditor *self);

/* Reads the body out of its view into the post, if it changed. */
static void
write_body (JgPostEditor *self)
{
  g_autoptr(JgPostDoc) doc = NULL;
  g_autofree char *html = NULL;

  if (self->body == NULL || !self->body_dirty)
    return;
  self->body_dirty = FALSE;
  doc = jg_post_body_view_get_doc (self->body);
  html = jg_post_doc_to_html (doc);
  self->writing_body = TRUE;
  jg_post_set (self->post, "body", html);
  self->writing_body = FALSE;
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(JgPostEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  self->saves_running--;
  if (!jg_post_store_save_finish (JG_POST_STORE (source), result, &error))
    {
      /* Kept in the editor: the next change or leaving tries again. */
      self->dirty = TRUE;
      gtk_label_set_label (self->status_label, error->message);
      jg_post_editor_emit_message (self, error->message);
      return;
    }
  if (self->saves_running == 0 && !self->dirty && !self->body_dirty)
    gtk_label_set_label (self->status_label, _("All changes saved"));
  update_header (self);
  jg_post_editor_refresh_history (self);
}

void
jg_post_editor_save_now (JgPostEditor *self)
{
  g_clear_handle_id (&self->save_id, g_source_remove);
  write_body (self);
  if (!self->dirty)
    return;
  self->dirty = FALSE;
  self->saves_running++;
  gtk_label_set_label (self->status_label, _("Saving…"));
  jg_post_store_save_async (self->store, self->post, NULL, save_done_cb, g_object_ref (self));
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  JgPostEditor *self = user_data;

  self->save_id = 0;
  jg_post_editor_save_now (self);
  return G_SOURCE_REMOVE;
}

static gboolean
checks_timeout_cb (gpointer user_data)
{
  JgPostEditor *self = user_data;

  self->checks_id = 0;
  jg_post_editor_show_checks (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_change (JgPostEditor *self)
{
  gtk_label_set_label (self->status_label, _("Unsaved changes"));
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
  g_clear_handle_id (&self->checks_id, g_source_remove);
  self->checks_id = g_timeout_add (CHECKS_DELAY_MS, checks_timeout_cb, self);
}

static void
post_changed_cb (JgPost       *post,
                 const char   *key,
                 JgPostEditor *self)
{
  if (self->prefilling)
    return;
  self->dirty = TRUE;
  /* The body read out for a save or a check: already scheduled. */
  if (self->writing_body)
    return;
  schedule_change (self);
  if (g_strcmp0 (key, "title") == 0)
    update_header (self);
}

static void
body_changed_cb (JgPostEditor   *self,
                 JgPostBodyView *view)
{
  self->body_dirty = TRUE;
  schedule_change (self);
}

gboolean
jg_post_editor_flush (JgPostEditor *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (JG_IS_POST_EDITOR (self), FALSE);

  g_clear_handle_id (&self->save_id, g_source_remove);
  write_body (self);
  /* A save still running in the post store's thread would otherwise land
   * after this one and put an older text back. */
  while (self->saves_running > 0)
    g_main_context_iteration (NULL, TRUE);
  if (!self->dirty)
    return TRUE;

  if (!jg_post_store_save (self->store, self->post, &error))
    {
      gtk_label_set_label (self->status_label, error->message);
      jg_post_editor_emit_message (self, error->message);
      return FALSE;
    }
  self->dirty = FALSE;
  gtk_label_set_label (self->status_label, _("All changes saved"));
  update_header (self);
  return TRUE;
}

/* --- checks ------------------------------------------------------------------ */

/* The wording hits of every text field (the body as its text), as submit
 * will find them: they need the server's list, which the validator has
 * not. */
static GPtrArray *
wording_issues (JgPostEditor *self)
{
  GPtrArray *issues = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_issue_free);
  JgWordingList *list = jg_post_store_get_wording (self->store);
  const JgPostFieldSpec *fields;
  guint n_fields = 0;

  if (list == NULL)
    return issues;
  fields = jg_post_fields (jg_post_get_column (self->post), &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      const char *value = jg_post_get (self->post, fields[i].key);

      if (value == NULL)
        continue;
      if (fields[i].type == JG_POST_FIELD_HTML)
        {
          g_autoptr(JgPostDoc) doc = jg_post_doc_from_html (value, NULL);
          g_autofree char *text = jg_post_doc_to_text (doc);

          jg_wording_issues (list, fields[i].key, text, issues);
        }
      else if (fields[i].type == JG_POST_FIELD_TEXT || fields[i].type == JG_POST_FIELD_LONG_TEXT)
        jg_wording_issues (list, fields[i].key, value, issues);
    }
  return issues;
}

GPtrArray *
jg_post_editor_collect_issues (JgPostEditor *self)
{
  g_autofree char *today = today_string ();
  GPtrArray *issues;
  g_autoptr(GPtrArray) wording = NULL;

  write_body (self);
  issues = jg_post_validate (self->post, today);
  wording = wording_issues (self);
  for (guint i = 0; i < wording->len; i++)
    g_ptr_array_add (issues, g_ptr_array_steal_index (wording, i--));
  return issues;
}

static void
check_row_add (JgPostEditor  *self,
               const JgIssue *issue)
{
  const JgPostFieldSpec *spec = issue->field != NULL
                                ? jg_post_field_lookup (jg_post_get_column (self->post), issue->field)
                                : NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (issue->severity == JG_ISSUE_ERROR
                                                  ? "dialog-error-symbolic" : "dialog-warning-symbolic");

  gtk_widget_add_css_class (icon, issue->severity == JG_ISSUE_ERROR ? "error" : "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 spec != NULL ? _(spec->label) : _("The whole post"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), issue->message);
  if (spec != NULL)
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "field", g_strdup (issue->field), g_free);
    }
  gtk_list_box_append (self->checks_list, row);
}

void
jg_post_editor_show_checks (JgPostEditor *self)
{
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) wording = NULL;
  GtkWidget *child;
  guint shown = 0;

  g_clear_handle_id (&self->checks_id, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->checks_list))) != NULL)
    gtk_list_box_remove (self->checks_list, child);
  if (self->post == NULL || self->read_only)
    {
      gtk_widget_set_visible (self->checks_group, FALSE);
      return;
    }

  issues = jg_post_editor_collect_issues (self);
  wording = wording_issues (self);
  /* The wording hits under their fields too, with the form's own issues. */
  jg_post_form_set_extra_issues (self->form, wording);

  /* Errors wait for a first try to submit, as the form's do: a new post
   * is not a list of what it lacks. Warnings and wording hits show at
   * once. */
  for (guint i = 0; i < issues->len; i++)
    {
      const JgIssue *issue = g_ptr_array_index (issues, i);

      if (issue->severity == JG_ISSUE_ERROR && !self->show_all)
        continue;
      check_row_add (self, issue);
      shown++;
    }
  gtk_widget_set_visible (self->checks_group, shown > 0);
}

void
jg_post_editor_focus_field (JgPostEditor *self,
                            const char   *key)
{
  gtk_toggle_button_set_active (self->preview_button, FALSE);
  jg_post_form_focus_field (self->form, key);
}

static void
check_activated_cb (JgPostEditor  *self,
                    GtkListBoxRow *row,
                    GtkListBox    *list)
{
  const char *key = g_object_get_data (G_OBJECT (row), "field");

  if (key != NULL)
    jg_post_editor_focus_field (self, key);
}

/* --- header, bars, history --------------------------------------------------- */

/* The review level a post in review waits at: one past the sign-offs that
 * approved its current revision (the server counts them the same way). */
static guint
current_review_level (JgPostEditor *self,
                      GPtrArray    *signoffs)
{
  guint level = 1;

  for (guint i = 0; signoffs != NULL && i < signoffs->len; i++)
    {
      JgPostSignoff *s = g_ptr_array_index (signoffs, i);

      if (s->revision == jg_post_get_revision (self->post) && g_strcmp0 (s->decision, "approve") == 0)
        level = MAX (level, s->level + 1);
    }
  return level;
}

static void
update_header (JgPostEditor *self)
{
  JgPostState state = jg_post_get_state (self->post);
  const char *title = jg_post_get (self->post, "title");
  g_autoptr(GPtrArray) signoffs = NULL;
  g_autofree char *badge = NULL;
  const char *style;

  gtk_label_set_label (self->title_label,
                       title != NULL ? title : jg_post_column_get_label (jg_post_get_column (self->post)));
  if (state == JG_POST_STATE_IN_REVIEW)
    {
      signoffs = jg_post_store_list_signoffs (self->store, jg_post_get_uuid (self->post), NULL);
      /* TRANSLATORS: the state of a post with the reviewers, e.g. 审核中（第 2 级） */
      badge = g_strdup_printf (_("In review (level %u)"), current_review_level (self, signoffs));
    }
  else
    badge = g_strdup (jg_post_state_get_label (state));
  gtk_label_set_label (self->state_badge, badge);

  switch (state)
    {
    case JG_POST_STATE_DRAFT:     style = "warning"; break;
    case JG_POST_STATE_RETURNED:
    case JG_POST_STATE_REJECTED:  style = "error"; break;
    case JG_POST_STATE_WITHDRAWN: style = NULL; break;
    default:                      style = "success"; break;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_badge), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_badge), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_badge), "success");
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_badge), style);
  jg_post_editor_actions_update (self);
}

/* --- preview ----------------------------------------------------------------- */

static void
update_preview (JgPostEditor *self)
{
  g_autoptr(JgPostDoc) doc = NULL;
  g_autofree char *today = today_string ();
  const char *department = self->session != NULL ? jg_session_get_department_name (self->session) : NULL;

  write_body (self);
  if (jg_post_get_column (self->post) == JG_POST_DYNAMICS)
    doc = jg_post_doc_from_html (jg_post_get (self->post, "body"), NULL);
  else
    {
      /* The exposure's notice is its narrative, a paragraph per line. */
      g_auto(GStrv) lines = g_strsplit (jg_post_get (self->post, "narrative") != NULL
                                        ? jg_post_get (self->post, "narrative") : "", "\n", -1);

      doc = jg_post_doc_new ();
      for (guint i = 0; lines[i] != NULL; i++)
        if (*g_strstrip (lines[i]) != '\0')
          jg_post_block_append_run (jg_post_doc_append_block (doc, JG_POST_BLOCK_PARAGRAPH), lines[i], FALSE);
    }
  jg_post_preview_show (self->preview, jg_post_get (self->post, "title"), department, today,
                        jg_post_get_column (self->post) == JG_POST_DYNAMICS
                        ? jg_post_get (self->post, "summary") : NULL,
                        doc);
}

static void
preview_toggled_cb (JgPostEditor    *self,
                    GtkToggleButton *button)
{
  gboolean preview = gtk_toggle_button_get_active (button);

  if (preview)
    update_preview (self);
  gtk_stack_set_visible_child_name (self->view_stack, preview ? "preview" : "form");
}

/* --- the post ---------------------------------------------------------------- */

static void
set_post (JgPostEditor *self,
          JgPost       *post)
{
  JgPostColumn column = jg_post_get_column (post);

  if (self->post != NULL)
    g_clear_signal_handler (&self->changed_id, self->post);
  g_set_object (&self->post, post);
  self->read_only = state_is_read_only (jg_post_get_state (post));
  self->dirty = FALSE;
  self->body_dirty = FALSE;

  if (column == JG_POST_DYNAMICS && self->body == NULL)
    {
      GtkWidget *toolbar = jg_post_body_toolbar_new ();
      GtkWidget *frame = gtk_frame_new (NULL);

      self->body = JG_POST_BODY_VIEW (jg_post_body_view_new ());
      gtk_widget_set_size_request (GTK_WIDGET (self->body), -1, BODY_MIN_HEIGHT);
      jg_post_body_view_set_image_loader (self->body, load_image, g_object_ref (self->store), g_object_unref);
      jg_post_body_toolbar_set_view (JG_POST_BODY_TOOLBAR (toolbar), self->body);
      gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (self->body));
      self->body_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      gtk_box_append (GTK_BOX (self->body_box), toolbar);
      gtk_box_append (GTK_BOX (self->body_box), frame);
      g_signal_connect_object (self->body, "changed", G_CALLBACK (body_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->body, "image-requested", G_CALLBACK (body_image_requested_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->body, "image-pasted", G_CALLBACK (body_image_pasted_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->body, "paste-cleaned", G_CALLBACK (body_paste_cleaned_cb),
                               self, G_CONNECT_SWAPPED);
      jg_post_form_set_body_widget (self->form, self->body_box);
    }
  if (self->body != NULL)
    {
      g_autoptr(JgPostDoc) doc = jg_post_doc_from_html (jg_post_get (post, "body"), NULL);

      jg_post_body_view_set_doc (self->body, doc);
      gtk_text_view_set_editable (GTK_TEXT_VIEW (self->body), !self->read_only);
    }

  /* The news come from the department writing them, unless it says else. */
  if (column == JG_POST_DYNAMICS && jg_post_get_state (post) == JG_POST_STATE_DRAFT
      && jg_post_get (post, "source_department") == NULL && jg_post_get_department (post) != NULL)
    {
      self->prefilling = TRUE;
      jg_post_set (post, "source_department", jg_post_get_department (post));
      self->prefilling = FALSE;
    }

  jg_post_form_set_extra_issues (self->form, NULL);
  jg_post_form_set_post (self->form, post);
  gtk_widget_set_sensitive (GTK_WIDGET (self->form), !self->read_only);
  self->changed_id = g_signal_connect (post, "changed", G_CALLBACK (post_changed_cb), self);

  gtk_label_set_label (self->status_label, _("All changes saved"));
  update_header (self);
  jg_post_editor_refresh_history (self);
  jg_post_editor_show_checks (self);
  /* What the server holds reads best as the portal will show it. */
  gtk_toggle_button_set_active (self->preview_button, self->read_only);
  if (self->read_only)
    update_preview (self);
}

void
jg_post_editor_reload (JgPostEditor *self)
{
  g_autoptr(JgPost) post = NULL;
  g_autoptr(GError) error = NULL;

  post = jg_post_store_load (self->store, jg_post_get_uuid (self->post), &error);
  if (post == NULL)
    {
      jg_post_editor_emit_message (self, error->message);
      return;
    }
  set_post (self, post);
}

static void
store_changed_cb (JgPostEditor *self,
                  const char   *uuid,
                  JgPostStore  *store)
{
  g_autoptr(JgPost) stored = NULL;

  /* Only what the sync decided matters here: the editor's own saves
   * change nothing it shows but the history. */
  if (self->post == NULL || (uuid != NULL && g_strcmp0 (uuid, jg_post_get_uuid (self->post)) != 0))
    return;
  stored = jg_post_store_load (self->store, jg_post_get_uuid (self->post), NULL);
  if (stored == NULL)
    return;
  if (jg_post_get_state (stored) != jg_post_get_state (self->post)
      && !self->dirty && !self->body_dirty && self->saves_running == 0)
    set_post (self, stored);
  else
    {
      update_header (self);
      jg_post_editor_refresh_history (self);
    }
}

static void
back_clicked_cb (JgPostEditor *self)
{
  jg_post_editor_flush (self);
  jg_post_editor_emit_close (self);
}

/* --- object ------------------------------------------------------------------ */

static void
jg_post_editor_dispose (GObject *object)
{
  JgPostEditor *self = JG_POST_EDITOR (object);

  /* The saves under way hold the editor: none is running here. */
  if (self->post != NULL && self->store != NULL && self->saves_running == 0)
    {
      write_body (self);
      if (self->dirty)
        jg_post_store_save (self->store, self->post, NULL);
    }
  g_clear_handle_id (&self->save_id, g_source_remove);
  g_clear_handle_id (&self->checks_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->post != NULL)
    g_clear_signal_handler (&self->changed_id, self->post);

  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_POST_EDITOR);

  G_OBJECT_CLASS (jg_post_editor_parent_class)->dispose (object);
}

static void
jg_post_editor_finalize (GObject *object)
{
  JgPostEditor *self = JG_POST_EDITOR (object);

  g_clear_pointer (&self->history_rows, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->actions);
  g_clear_object (&self->post);
  g_clear_object (&self->store);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (jg_post_editor_parent_class)->finalize (object);
}

static void
jg_post_editor_class_init (JgPostEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_post_editor_dispose;
  object_class->finalize = jg_post_editor_finalize;

  signals[SIGNAL_CLOSE] = g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_DELETED] = g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, JG_TYPE_POST);

  g_type_ensure (JG_TYPE_POST_FORM);
  g_type_ensure (JG_TYPE_POST_PREVIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/posts/jg-post-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, JgPostEditor, back_button);
  gtk_widget_class_bind_template_child (widget_class, JgPostEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, JgPostEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, JgPostEditor, state_badge);
  gtk_widget_class_bind_template_child (widget_class, JgPostEditor, preview_button);
  gtk_widget_class_bind_template_child (widget_class, JgPostEditor, more_button);
  gtk_widget_class_bind_template_child (widget_class, JgPostEditor, submit_button);
  gtk_widget_class_bind_template_child (widget_class, JgPostEditor, conflict_bar);
  gtk_widget_class_bind_template_child (widget_class, JgPostEditor, note_bar);
  gtk_widget_class_bind_template_child (widget_class, JgPostEditor, note_title);
  gtk_widget_class_bind_template_child (widget_class, JgPostEditor, note_label);
  gtk_widget_class_bind_template_child (widget_class, JgPostEditor, view_stack);
  gtk_widget_class_bind_template_child (widget_class, JgPostEditor, clamp);
  gtk_widget_class_bind_template_child (widget_class, JgPostEditor, checks_group);
  gtk_widget_class_bind_template_child (widget_class, JgPostEditor, checks_list);
  gtk_widget_class_bind_template_child (widget_class, JgPostEditor, form);
  gtk_widget_class_bind_template_child (widget_class, JgPostEditor, history_group);
  gtk_widget_class_bind_template_child (widget_class, JgPostEditor, preview);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, preview_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_activated_cb);
  jg_post_editor_actions_class_init (widget_class);
}

static void
jg_post_editor_init (JgPostEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_clamp_set_maximum_size (self->clamp, FORM_MAX_WIDTH);
  adw_clamp_set_tightening_threshold (self->clamp, FORM_TIGHTENING_THRESHOLD);
  jg_accessible_fix_names (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->history_rows = g_ptr_array_new ();
  jg_post_editor_actions_init (self);
}

JgPostEditor *
jg_post_editor_new (JgSession   *session,
                    JgPostStore *store,
                    JgPost      *post)
{
  JgPostEditor *self;

  g_return_val_if_fail (session == NULL || JG_IS_SESSION (session), NULL);
  g_return_val_if_fail (JG_IS_POST_STORE (store), NULL);
  g_return_val_if_fail (JG_IS_POST (post), NULL);

  self = g_object_new (JG_TYPE_POST_EDITOR, NULL);
  self->session = session != NULL ? g_object_ref (session) : NULL;
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  set_post (self, post);
  return self;
}

JgPost *
jg_post_editor_get_post (JgPostEditor *self)
{
  g_return_val_if_fail (JG_IS_POST_EDITOR (self), NULL);

  return self->post;
}

void
jg_post_editor_focus (JgPostEditor *self)
{
  g_return_if_fail (JG_IS_POST_EDITOR (self));

  if (self->read_only)
    {
      gtk_widget_grab_focus (self->back_button);
      return;
    }
  jg_post_form_focus_field (self->form, "title");
}
