/* jg-post-editor-history.c — what happened to a post, in the post editor
 *
 * Below the form: the reviewers' sign-offs (each level, who, when, the
 * comment; never rewritten) and the post's audit trail, in time order.
 * Above it: the bar that says why the post is as it is (the reviewer's
 * comment on a returned post, the server's reasons for a refusal, or why
 * a post the server holds is not edited), and the bar of a post returned
 * while it was edited here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-post-editor-private.h"
#include "jg-post-states.h"

static void
show_note (JgPostEditor   *self,
           GtkMessageType  type,
           const char     *title,
           const char     *text)
{
  gtk_info_bar_set_message_type (GTK_INFO_BAR (self->note_bar), type);
  gtk_label_set_label (self->note_title, title != NULL ? title : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_title), title != NULL);
  gtk_label_set_label (self->note_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), text != NULL && *text != '\0');
  gtk_widget_set_visible (self->note_bar, TRUE);
}

/* The server's reasons for refusing the current revision. */
static char *
rejection_reasons (JgPostEditor *self)
{
  g_autoptr(GPtrArray) checks = jg_post_store_get_checks (self->store, jg_post_get_uuid (self->post), NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; checks != NULL && i < checks->len; i++)
    {
      JgIssue *issue = g_ptr_array_index (checks, i);

      if (issue->severity != JG_ISSUE_ERROR)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, issue->message);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
history_row_new (const char *title,
                 const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static char *
audit_title (JgAuditEntry *entry)
{
  JgPostState to = JG_POST_STATE_DRAFT;

  jg_post_state_from_string (entry->to_state, &to);
  if (g_strcmp0 (entry->action, "create") == 0)
    return g_strdup_printf (_("Created by %s"), entry->who);
  if (g_strcmp0 (entry->action, "submit") == 0)
    return g_strdup_printf (_("Submitted by %s"), entry->who);
  if (g_strcmp0 (entry->action, "delete") == 0)
    return g_strdup_printf (_("Deleted by %s"), entry->who);
  if (g_strcmp0 (entry->action, "restore") == 0)
    return g_strdup_printf (_("Restored by %s"), entry->who);
  if (g_strcmp0 (entry->action, "keep-local") == 0)
    return g_strdup_printf (_("%s kept their own edit over the reviewer’s copy"), entry->who);
  if (g_strcmp0 (entry->action, "take-server") == 0)
    return g_strdup_printf (_("%s took the reviewer’s copy"), entry->who);
  if (g_strcmp0 (entry->action, "edit") == 0)
    return g_strdup_printf (_("Edited by %s"), entry->who);
  if (entry->to_state != NULL)
    /* TRANSLATORS: history of a post: the state it came into */
    return g_strdup_printf (_("Now: %s"), jg_post_state_get_label (to));
  return g_strdup (entry->action);
}

typedef struct {
  gint64  at;
  char   *title;
  char   *subtitle;
} HistoryItem;

static void
history_item_free (HistoryItem *item)
{
  g_free (item->title);
  g_free (item->subtitle);
  g_free (item);
}

static int
history_item_compare (gconstpointer a,
                      gconstpointer b)
{
  const HistoryItem *x = *(HistoryItem **) a, *y = *(HistoryItem **) b;

  return x->at < y->at ? -1 : x->at > y->at;
}

/* The reviewer's comment of the latest return, from the sign-offs or the
 * state change that brought it. */
static char *
last_return_comment (GPtrArray *signoffs,
                     GPtrArray *audit)
{
  const char *comment = NULL;
  gint64 at = 0;

  for (guint i = 0; signoffs != NULL && i < signoffs->len; i++)
    {
      JgPostSignoff *s = g_ptr_array_index (signoffs, i);

      if (g_strcmp0 (s->decision, "return") == 0 && s->at >= at)
        comment = s->comment, at = s->at;
    }
  for (guint i = 0; audit != NULL && i < audit->len; i++)
    {
      JgAuditEntry *e = g_ptr_array_index (audit, i);

      if (g_strcmp0 (e->to_state, "returned") == 0 && e->detail != NULL && e->at >= at)
        comment = e->detail, at = e->at;
    }
  return g_strdup (comment);
}

static void
update_notes (JgPostEditor *self,
              GPtrArray    *signoffs,
              GPtrArray    *audit)
{
  JgPostState state = jg_post_get_state (self->post);
  gboolean conflict = jg_post_store_get_conflict (self->store, jg_post_get_uuid (self->post),
                                                  NULL, NULL, NULL);

  gtk_widget_set_visible (self->conflict_bar, conflict);
  gtk_widget_set_visible (self->note_bar, FALSE);
  switch (state)
    {
    case JG_POST_STATE_RETURNED:
      {
        g_autofree char *comment = last_return_comment (signoffs, audit);
        show_note (self, GTK_MESSAGE_WARNING, _("The reviewer returned this post"),
                   comment != NULL ? comment : _("No comment was given."));
      }
      break;
    case JG_POST_STATE_REJECTED:
      {
        g_autofree char *reasons = rejection_reasons (self);
        show_note (self, GTK_MESSAGE_ERROR, _("The server refused this post"), reasons);
      }
      break;
    case JG_POST_STATE_SUBMITTED:
      show_note (self, GTK_MESSAGE_INFO, NULL,
                 _("Submitted: the post goes to the reviewer with the next sync. Editing it makes it a draft again."));
      break;
    case JG_POST_STATE_SENDING:
      show_note (self, GTK_MESSAGE_INFO, NULL,
                 _("The post is being sent to the server. It cannot be edited meanwhile."));
      break;
    case JG_POST_STATE_IN_REVIEW:
      show_note (self, GTK_MESSAGE_INFO, NULL,
                 _("The post is with the reviewers. It cannot be edited unless they return it."));
      break;
    case JG_POST_STATE_PUBLISHED:
      show_note (self, GTK_MESSAGE_INFO, NULL,
                 _("The post is on the portal. To take it off, withdraw it; it stays in your department’s history."));
      break;
    case JG_POST_STATE_WITHDRAWN:
      show_note (self, GTK_MESSAGE_INFO, NULL,
                 _("The post was withdrawn from the portal and is kept in your department’s history."));
      break;
    case JG_POST_STATE_DRAFT:
    default:
      break;
    }
}

void
jg_post_editor_refresh_history (JgPostEditor *self)
{
  const char *uuid = jg_post_get_uuid (self->post);
  g_autoptr(GPtrArray) signoffs = jg_post_store_list_signoffs (self->store, uuid, NULL);
  g_autoptr(GPtrArray) audit = jg_post_store_audit (self->store, uuid, NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) history_item_free);

  for (guint i = 0; i < self->history_rows->len; i++)
    adw_preferences_group_remove (self->history_group, g_ptr_array_index (self->history_rows, i));
  g_ptr_array_set_size (self->history_rows, 0);

  /* The sign-offs, each with who and when, never rewritten. */
  for (guint i = 0; signoffs != NULL && i < signoffs->len; i++)
    {
      JgPostSignoff *s = g_ptr_array_index (signoffs, i);
      HistoryItem *item = g_new0 (HistoryItem, 1);
      g_autofree char *when = jg_session_format_time (s->at);

      item->at = s->at;
      if (g_strcmp0 (s->decision, "approve") == 0)
        /* TRANSLATORS: a sign-off: "初审：李四 通过" */
        item->title = g_strdup_printf (_("%s: approved by %s"),
                                      jg_post_review_level_name (s->level, s->levels), s->reviewer);
      else
        /* TRANSLATORS: a sign-off: "复审：李四 退回" */
        item->title = g_strdup_printf (_("%s: returned by %s"),
                                      jg_post_review_level_name (s->level, s->levels), s->reviewer);
      if (s->comment != NULL && *s->comment != '\0')
        /* TRANSLATORS: time, revision and the reviewer's comment */
        item->subtitle = g_strdup_printf (_("%s · revision %u · “%s”"), when, s->revision, s->comment);
      else
        item->subtitle = g_strdup_printf (_("%s · revision %u"), when, s->revision);
      g_ptr_array_add (items, item);
    }
  /* Edits one after the other say nothing new: the last of a run shows. */
  for (guint i = 0; audit != NULL && i < audit->len; i++)
    {
      JgAuditEntry *e = g_ptr_array_index (audit, i);
      JgAuditEntry *next = i + 1 < audit->len ? g_ptr_array_index (audit, i + 1) : NULL;
      HistoryItem *item;
      g_autofree char *when = NULL;

      if (g_strcmp0 (e->action, "edit") == 0 && next != NULL && g_strcmp0 (next->action, "edit") == 0)
        continue;
      item = g_new0 (HistoryItem, 1);
      when = jg_session_format_time (e->at);
      item->at = e->at;
      item->title = audit_title (e);
      if (e->detail != NULL && g_strcmp0 (e->action, "edit") != 0)
        item->subtitle = g_strdup_printf (_("%s · revision %u · “%s”"), when, e->revision, e->detail);
      else
        item->subtitle = g_strdup_printf (_("%s · revision %u"), when, e->revision);
      g_ptr_array_add (items, item);
    }
  g_ptr_array_sort (items, history_item_compare);

  for (guint i = 0; i < items->len; i++)
    {
      HistoryItem *item = g_ptr_array_index (items, i);
      GtkWidget *row = history_row_new (item->title, item->subtitle);

      adw_preferences_group_add (self->history_group, row);
      g_ptr_array_add (self->history_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->history_group), items->len > 0);
  update_notes (self, signoffs, audit);
}
