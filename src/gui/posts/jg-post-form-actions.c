/* jg-post-form-actions.c — what the post form does for the user: mask a
 * privacy hit, generate the narrative, follow the decision date with the
 * disclosure end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-post-exposure.h"
#include "jg-post-form-private.h"
#include "jg-privacy.h"

/* --- the mask ---------------------------------------------------------------- */

/* @text with the personal data jg_privacy_scan() finds masked, and a
 * natural person's full name (@name, may be NULL) replaced with its
 * masked form wherever it appears. */
static char *
mask_text (const char *text,
           const char *name)
{
  g_autoptr(GArray) hits = jg_privacy_scan (text);
  g_autofree char *masked = hits->len > 0 ? jg_privacy_mask (text, hits) : g_strdup (text);
  GString *out = g_string_new (masked);

  if (name != NULL && *name != '\0' && !jg_privacy_name_is_masked (name))
    {
      g_autofree char *masked_name = jg_privacy_mask_name (name);

      g_string_replace (out, name, masked_name, 0);
    }
  return g_string_free (out, FALSE);
}

void
jg_post_form_mask_row (JgPostFormRow *r)
{
  JgPostForm *self = r->form;
  const char *key = r->spec->key;
  const char *value = jg_post_get (self->post, key);
  gboolean person = g_strcmp0 (jg_post_form_get_value (self, "party_kind"),
                               JG_POST_PARTY_NATURAL_PERSON) == 0;
  g_autofree char *masked = NULL;

  if (value == NULL)
    return;
  /* An organisation's name is published as it is: only what the guard
   * found in it is masked. */
  if (strcmp (key, "party_name") == 0 && person)
    masked = jg_privacy_mask_name (value);
  else if (strcmp (key, "id_number") == 0)
    masked = jg_post_mask_id_number (value);
  else
    masked = mask_text (value, person ? jg_post_form_get_value (self, "party_name") : NULL);

  /* Through the post: its "changed" shows the masked text in the row. */
  jg_post_set (self->post, key, masked);
  r->left = TRUE;
  jg_post_form_check (self);
  /* The button is gone with the problem: the focus goes to the field. */
  if (gtk_widget_has_focus (r->mask_button) || !gtk_widget_get_visible (r->mask_button))
    gtk_widget_grab_focus (r->input);
}

/* --- the narrative ----------------------------------------------------------- */

static void
set_narrative (JgPostForm *self)
{
  g_autofree char *text = jg_post_exposure_narrative (self->post);

  g_free (self->generated_narrative);
  self->generated_narrative = g_strdup (text);
  jg_post_set (self->post, "narrative", text);
}

void
jg_post_form_follow_narrative (JgPostForm *self,
                               const char *key)
{
  const char *current;

  if (g_strcmp0 (key, "narrative") == 0 || self->generated_narrative == NULL
      || jg_post_form_find_row (self, "narrative") == NULL)
    return;
  current = jg_post_form_get_value (self, "narrative");
  /* Edited (or cleared) by the user: theirs from now on. */
  if (g_strcmp0 (current, self->generated_narrative) != 0)
    return;
  set_narrative (self);
}

static void
replace_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     JgPostForm       *self)
{
  if (g_strcmp0 (response, "replace") == 0 && self->post != NULL)
    set_narrative (self);
  g_object_unref (self);
}

void
jg_post_form_generate_narrative (JgPostForm *self)
{
  const char *current = jg_post_form_get_value (self, "narrative");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  /* Empty, or as generated before: nothing of the user's is lost. */
  if (current == NULL || g_strcmp0 (current, self->generated_narrative) == 0)
    {
      set_narrative (self);
      return;
    }
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Replace the Narrative?"),
                                   _("The narrative was edited. Generating it again from the fields replaces the edited text."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Edited Text"),
                                    "replace", _("_Replace"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (replace_response_cb), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- the disclosure end ------------------------------------------------------ */

void
jg_post_form_decision_date_changed (JgPostForm *self)
{
  const char *current = jg_post_form_get_value (self, "disclosure_end");
  g_autofree char *end = jg_post_default_disclosure_end (jg_post_form_get_value (self, "decision_date"));

  /* Half a date typed gives none: the end waits for the whole date. */
  if (end == NULL || jg_post_form_find_row (self, "disclosure_end") == NULL)
    return;
  if (current != NULL && g_strcmp0 (current, self->auto_disclosure_end) != 0)
    return;   /* the user's */
  g_free (self->auto_disclosure_end);
  self->auto_disclosure_end = g_strdup (end);
  jg_post_set (self->post, "disclosure_end", end);
}

void
jg_post_form_remember_generated (JgPostForm *self)
{
  const char *decision = jg_post_form_get_value (self, "decision_date");
  const char *end = jg_post_form_get_value (self, "disclosure_end");
  g_autofree char *default_end = jg_post_default_disclosure_end (decision);
  const char *narrative = jg_post_form_get_value (self, "narrative");

  if (jg_post_get_column (self->post) != JG_POST_EXPOSURE)
    return;
  /* What the prefill from the penalty record wrote counts as the form's. */
  if (end != NULL && g_strcmp0 (end, default_end) == 0)
    self->auto_disclosure_end = g_strdup (end);
  if (narrative != NULL)
    {
      g_autofree char *generated = jg_post_exposure_narrative (self->post);

      if (g_strcmp0 (narrative, generated) == 0)
        self->generated_narrative = g_steal_pointer (&generated);
    }
}
