/* jg-post-form.c — the fields of one post, as an administrator writes them
 *
 * The form binds its rows (jg-post-form-fields.c) to a JgPost: a row
 * writes its field, the post's "changed" brings a change made elsewhere
 * (a mask, the disclosure end, another writer) back into the row. Every
 * change is checked with jg_post_validate() after a short pause, at once
 * when a field is left. A field's issues show under it as the record
 * editor's do (errors red, warnings amber); the warnings that say the
 * decision is normally not published at all show at the top instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-accessible.h"
#include "jg-columns.h"
#include "jg-message-row.h"
#include "jg-post-form-private.h"

#define CHECK_DELAY_MS 150
/* As the record editor: two columns once each can be this wide. */
#define FORM_MIN_COLUMN_WIDTH 440
#define FORM_GROUP_SPACING 24
/* Pixels kept above a field scrolled into view, as the record editor. */
#define SCROLL_MARGIN 48

G_DEFINE_FINAL_TYPE (JgPostForm, jg_post_form, ADW_TYPE_BIN)

JgPostFormRow *
jg_post_form_find_row (JgPostForm *self,
                       const char *key)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      JgPostFormRow *r = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (r->spec->key, key) == 0)
        return r;
    }
  return NULL;
}

const char *
jg_post_form_get_value (JgPostForm *self,
                        const char *key)
{
  if (self->post == NULL || jg_post_field_index (jg_post_get_column (self->post), key) < 0)
    return NULL;
  return jg_post_get (self->post, key);
}

static char *
today (JgPostForm *self)
{
  g_autoptr(GDateTime) now = NULL;

  if (self->today != NULL)
    return g_strdup (self->today);
  now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
}

/* --- issues ------------------------------------------------------------------ */

static void
show_row_issues (JgPostFormRow *r,
                 GPtrArray     *issues)
{
  g_autoptr(GPtrArray) mine = jg_issues_for_field (issues, r->spec->key);
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean error = FALSE, privacy = FALSE;
  gboolean shown = r->left || r->form->show_all_issues;

  for (guint j = 0; shown && j < mine->len; j++)
    {
      JgIssue *issue = g_ptr_array_index (mine, j);

      if (jg_post_issue_is_notice (issue))
        continue;   /* at the top */
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, issue->message);
      error |= issue->severity == JG_ISSUE_ERROR;
      privacy |= jg_post_issue_is_privacy (issue);
    }

  gtk_label_set_label (GTK_LABEL (r->message_label), text->str);
  gtk_widget_remove_css_class (r->message_label, "error");
  gtk_widget_remove_css_class (r->message_label, "warning");
  if (text->len > 0)
    gtk_widget_add_css_class (r->message_label, error ? "error" : "warning");
  gtk_widget_set_visible (r->message_label, text->len > 0);
  /* The body's text is the body editor's to change. */
  gtk_widget_set_visible (r->mask_button, privacy && r->spec->type != JG_POST_FIELD_HTML);
  gtk_widget_set_visible (r->message_row, text->len > 0 && gtk_widget_get_visible (r->row));
  r->invalid = error;

  for (guint k = 0; k < 2; k++)
    {
      GtkWidget *w = k == 0 ? r->row : r->input;

      if (k == 1 && r->input == r->row)
        break;
      gtk_accessible_update_property (GTK_ACCESSIBLE (w),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_STATE_INVALID,
                                   error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                                   -1);
    }
}

void
jg_post_form_check (JgPostForm *self)
{
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GString) notices = g_string_new (NULL);
  g_autoptr(GString) general = g_string_new (NULL);
  g_autofree char *day = today (self);
  guint n_errors = 0;

  g_clear_handle_id (&self->validate_id, g_source_remove);
  if (self->post == NULL)
    return;
  issues = jg_post_validate (self->post, day);
  for (guint i = 0; self->extra_issues != NULL && i < self->extra_issues->len; i++)
    {
      const JgIssue *extra = g_ptr_array_index (self->extra_issues, i);
      JgIssue *copy = g_new0 (JgIssue, 1);

      copy->field = g_strdup (extra->field);
      copy->severity = extra->severity;
      copy->message = g_strdup (extra->message);
      copy->msgid = g_strdup (extra->msgid);
      copy->args = g_strdupv (extra->args);
      copy->msgid_args = extra->msgid_args;
      g_ptr_array_add (issues, copy);
    }
  for (guint i = 0; i < issues->len; i++)
    {
      JgIssue *issue = g_ptr_array_index (issues, i);
      JgPostFormRow *r = issue->field != NULL ? jg_post_form_find_row (self, issue->field) : NULL;

      if (issue->severity == JG_ISSUE_ERROR)
        n_errors++;
      if (jg_post_issue_is_notice (issue))
        g_string_append_printf (notices, "%s%s", notices->len > 0 ? "\n" : "", issue->message);
      else if (r == NULL || !gtk_widget_get_visible (r->row))
        g_string_append_printf (general, "%s%s", general->len > 0 ? "\n" : "", issue->message);
    }
  self->n_errors = n_errors;

  for (guint i = 0; i < self->rows->len; i++)
    show_row_issues (g_ptr_array_index (self->rows, i), issues);

  gtk_label_set_label (self->notice_label, notices->str);
  gtk_widget_set_visible (self->notice_bar, notices->len > 0);

  /* The count waits for the user to try to submit. */
  if (self->show_all_issues && (n_errors > 0 || general->len > 0))
    {
      g_autofree char *summary = NULL;

      summary = jg_message_summary_join (n_errors > 0
                                         ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                         "%u problem must be fixed before the post can be submitted.",
                                                                         "%u problems must be fixed before the post can be submitted.",
                                                                         n_errors), n_errors)
                                         : NULL, general->str);
      gtk_label_set_label (self->errors_label, summary);
      gtk_info_bar_set_message_type (GTK_INFO_BAR (self->errors_bar),
                                     n_errors > 0 ? GTK_MESSAGE_ERROR : GTK_MESSAGE_WARNING);
      gtk_widget_set_visible (self->errors_bar, TRUE);
    }
  else
    gtk_widget_set_visible (self->errors_bar, FALSE);
}

static gboolean
check_timeout_cb (gpointer user_data)
{
  JgPostForm *self = user_data;

  self->validate_id = 0;
  jg_post_form_check (self);
  return G_SOURCE_REMOVE;
}

void
jg_post_form_schedule_check (JgPostForm *self)
{
  g_clear_handle_id (&self->validate_id, g_source_remove);
  self->validate_id = g_timeout_add (CHECK_DELAY_MS, check_timeout_cb, self);
}

/* --- the post ---------------------------------------------------------------- */

static void
post_changed_cb (JgPost     *post,
                 const char *key,
                 JgPostForm *self)
{
  JgPostFormRow *r = jg_post_form_find_row (self, key);

  /* The row the user types in already shows it. */
  if (r != NULL && r != self->writing)
    jg_post_form_row_refresh (r);
  if (g_strcmp0 (key, "decision_date") == 0)
    jg_post_form_decision_date_changed (self);
  else if (g_strcmp0 (key, "party_kind") == 0)
    jg_post_form_update_party_rows (self);
  jg_post_form_follow_narrative (self, key);
  jg_post_form_schedule_check (self);
}

static void
clear_rows (JgPostForm *self)
{
  GHashTableIter iter;
  gpointer group;

  /* In a column, or in the form itself when alone. */
  g_hash_table_iter_init (&iter, self->groups);
  while (g_hash_table_iter_next (&iter, NULL, &group))
    gtk_box_remove (GTK_BOX (gtk_widget_get_parent (group)), group);
  g_hash_table_remove_all (self->groups);
  g_ptr_array_set_size (self->rows, 0);
}

void
jg_post_form_set_post (JgPostForm *self,
                       JgPost     *post)
{
  GtkWidget *body;

  g_return_if_fail (JG_IS_POST_FORM (self));
  g_return_if_fail (post == NULL || JG_IS_POST (post));

  if (self->post == post)
    return;
  g_clear_handle_id (&self->validate_id, g_source_remove);
  /* The body editor is the editor's: kept across posts. */
  body = self->body != NULL ? g_object_ref (self->body) : NULL;
  jg_post_form_set_body_widget (self, NULL);
  if (self->post != NULL)
    g_clear_signal_handler (&self->changed_id, self->post);
  clear_rows (self);
  g_set_object (&self->post, post);
  self->show_all_issues = FALSE;
  g_clear_pointer (&self->auto_disclosure_end, g_free);
  g_clear_pointer (&self->generated_narrative, g_free);

  if (post != NULL)
    {
      jg_post_form_build_rows (self);
      jg_post_form_remember_generated (self);
      self->changed_id = g_signal_connect (post, "changed", G_CALLBACK (post_changed_cb), self);
    }
  jg_post_form_set_body_widget (self, body);
  g_clear_object (&body);
  jg_post_form_check (self);
}

JgPost *
jg_post_form_get_post (JgPostForm *self)
{
  g_return_val_if_fail (JG_IS_POST_FORM (self), NULL);
  return self->post;
}

void
jg_post_form_set_departments (JgPostForm *self,
                              GListModel *departments)
{
  g_return_if_fail (JG_IS_POST_FORM (self));
  g_return_if_fail (departments == NULL || G_IS_LIST_MODEL (departments));

  g_set_object (&self->departments, departments);
  jg_post_form_refresh_departments (self);
}

void
jg_post_form_set_body_widget (JgPostForm *self,
                              GtkWidget  *body)
{
  JgPostFormRow *r;

  g_return_if_fail (JG_IS_POST_FORM (self));
  g_return_if_fail (body == NULL || GTK_IS_WIDGET (body));

  r = NULL;
  for (guint i = 0; i < self->rows->len && r == NULL; i++)
    if (((JgPostFormRow *) g_ptr_array_index (self->rows, i))->spec->type == JG_POST_FIELD_HTML)
      r = g_ptr_array_index (self->rows, i);

  if (body != NULL)
    g_object_ref (body);
  if (self->body != NULL && gtk_widget_get_parent (self->body) != NULL)
    adw_bin_set_child (ADW_BIN (gtk_widget_get_parent (self->body)), NULL);
  g_clear_object (&self->body);
  self->body = body;
  if (r != NULL && body != NULL)
    adw_bin_set_child (ADW_BIN (r->body_bin), body);
}

void
jg_post_form_set_today (JgPostForm *self,
                        const char *day)
{
  g_return_if_fail (JG_IS_POST_FORM (self));

  g_free (self->today);
  self->today = g_strdup (day);
  jg_post_form_check (self);
}

void
jg_post_form_show_all_issues (JgPostForm *self)
{
  g_return_if_fail (JG_IS_POST_FORM (self));

  self->show_all_issues = TRUE;
  jg_post_form_check (self);
}

guint
jg_post_form_get_n_errors (JgPostForm *self)
{
  g_return_val_if_fail (JG_IS_POST_FORM (self), 0);

  /* What the post holds now, not what was checked before a pause. */
  if (self->validate_id != 0)
    jg_post_form_check (self);
  return self->n_errors;
}

void
jg_post_form_set_extra_issues (JgPostForm *self,
                               GPtrArray  *issues)
{
  g_return_if_fail (JG_IS_POST_FORM (self));

  if (issues != NULL)
    g_ptr_array_ref (issues);
  g_clear_pointer (&self->extra_issues, g_ptr_array_unref);
  self->extra_issues = issues;
  jg_post_form_check (self);
}

/* Once the page has laid the row out, bring it into view with its group's
 * title above it. */
static gboolean
scroll_to_row_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  JgPostForm *self = JG_POST_FORM (widget);
  JgPostFormRow *r = NULL;
  GtkWidget *scrolled;
  GtkWidget *content;
  graphene_rect_t bounds;

  for (guint i = 0; r == NULL && i < self->rows->len; i++)
    if (g_ptr_array_index (self->rows, i) == user_data)
      r = user_data;
  if (r == NULL)
    return G_SOURCE_REMOVE;
  scrolled = gtk_widget_get_ancestor (r->row, GTK_TYPE_SCROLLED_WINDOW);
  content = scrolled != NULL ? gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)) : NULL;
  if (content != NULL && gtk_widget_compute_bounds (r->row, content, &bounds))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                              bounds.origin.y - SCROLL_MARGIN);
  return G_SOURCE_REMOVE;
}

gboolean
jg_post_form_focus_field (JgPostForm *self,
                          const char *key)
{
  JgPostFormRow *r;
  GtkWidget *target;

  g_return_val_if_fail (JG_IS_POST_FORM (self), FALSE);

  r = jg_post_form_find_row (self, key);
  if (r == NULL || !gtk_widget_get_visible (r->row))
    return FALSE;
  target = r->spec->type == JG_POST_FIELD_HTML && self->body != NULL ? self->body : r->input;
  /* The field is left: its issues show. */
  r->left = TRUE;
  jg_post_form_check (self);
  if (target == NULL || !gtk_widget_grab_focus (target))
    return FALSE;
  gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_row_cb, r, NULL);
  return TRUE;
}

/* --- the object -------------------------------------------------------------- */

static void
jg_post_form_dispose (GObject *object)
{
  JgPostForm *self = JG_POST_FORM (object);

  g_clear_handle_id (&self->validate_id, g_source_remove);
  if (self->post != NULL)
    g_clear_signal_handler (&self->changed_id, self->post);
  g_clear_object (&self->post);
  g_clear_object (&self->departments);
  g_clear_object (&self->body);
  g_clear_pointer (&self->extra_issues, g_ptr_array_unref);
  G_OBJECT_CLASS (jg_post_form_parent_class)->dispose (object);
}

static void
jg_post_form_finalize (GObject *object)
{
  JgPostForm *self = JG_POST_FORM (object);

  g_ptr_array_unref (self->rows);
  g_hash_table_unref (self->groups);
  g_free (self->today);
  g_free (self->auto_disclosure_end);
  g_free (self->generated_narrative);
  G_OBJECT_CLASS (jg_post_form_parent_class)->finalize (object);
}

static void
jg_post_form_class_init (JgPostFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_post_form_dispose;
  object_class->finalize = jg_post_form_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/posts/jg-post-form.ui");
  gtk_widget_class_bind_template_child (widget_class, JgPostForm, form_box);
  gtk_widget_class_bind_template_child (widget_class, JgPostForm, notice_bar);
  gtk_widget_class_bind_template_child (widget_class, JgPostForm, notice_label);
  gtk_widget_class_bind_template_child (widget_class, JgPostForm, errors_bar);
  gtk_widget_class_bind_template_child (widget_class, JgPostForm, errors_label);
}

static void
jg_post_form_init (JgPostForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->columns = jg_columns_new (FORM_MIN_COLUMN_WIDTH, FORM_GROUP_SPACING);
  gtk_box_append (self->form_box, self->columns);
  jg_accessible_fix_names (GTK_WIDGET (self));

  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_post_form_row_free);
  self->groups = g_hash_table_new (g_str_hash, g_str_equal);
}

GtkWidget *
jg_post_form_new (void)
{
  return g_object_new (JG_TYPE_POST_FORM, NULL);
}
