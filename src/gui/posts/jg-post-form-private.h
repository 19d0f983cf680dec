/* jg-post-form-private.h — shared by the post form's own files
 *
 * The form (jg-post-form.c: the post, its checks, the bars at the top)
 * owns a JgPostFormRow per field of the post's column
 * (jg-post-form-fields.c: one kind of row per JgPostFieldType); what the
 * buttons do — mask a privacy hit, generate the narrative, fill in the
 * disclosure end — is in jg-post-form-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gi18n.h>

#include "jg-post-form.h"
#include "jg-post-validate.h"

G_BEGIN_DECLS

struct _JgPostForm
{
  AdwBin parent_instance;

  GtkBox *form_box;
  GtkWidget *notice_bar;        /* warnings about publishing at all */
  GtkLabel *notice_label;
  GtkWidget *errors_bar;        /* after show_all_issues: what blocks submission */
  GtkLabel *errors_label;
  GtkWidget *columns;           /* JgColumns: the groups, in two columns when wide */

  JgPost *post;
  gulong changed_id;
  GListModel *departments;      /* JgCode */
  GtkWidget *body;
  char *today;
  GPtrArray *extra_issues;      /* JgIssue*: set by the editor */

  GPtrArray *rows;              /* JgPostFormRow, in the schema's order */
  GHashTable *groups;           /* group msgid → AdwPreferencesGroup */

  guint validate_id;
  guint n_errors;
  /* Set while a row shows a value, so that its widget's signals do not
   * write it back. */
  gboolean updating;
  /* The row whose value the form writes into the post: the post's
   * "changed" does not rewrite the row the user types in (other rows
   * that change in turn, such as the disclosure end, are refreshed). */
  gpointer writing;
  gboolean show_all_issues;
  /* The disclosure end the form filled in (from the decision date): it
   * follows the decision date until the user writes another. */
  char *auto_disclosure_end;
  /* The narrative as last generated: a different one is the user's. */
  char *generated_narrative;
};

typedef struct
{
  JgPostForm *form;
  const JgPostFieldSpec *spec;
  GtkWidget *row;
  GtkWidget *input;             /* what takes the value and the focus */
  GtkWidget *message_row;       /* JgMessageRow */
  /* Its "leave" handler points at this row: disconnected when the row is
   * freed, as a removed row's widgets may outlive it (the focus). */
  GtkEventController *focus_controller;
  GtkWidget *message_label;     /* the validator's issues */
  GtkWidget *mask_button;       /* beside a privacy hit */
  GtkWidget *count_label;       /* "12/60" after a title */
  GtkStringList *choice_labels; /* CHOICE, DEPARTMENT: shown… */
  GPtrArray *choice_values;     /* …and stored (char *; NULL first: none) */
  GPtrArray *chips;             /* TAGS: GtkToggleButton per choice */
  GtkWidget *links_box;         /* RECORD_LINKS */
  GtkWidget *body_bin;          /* HTML: the body editor's place */
  /* The user has left the field (or it held a value when the form was
   * set): its issues are shown. Before that only its "*" is. */
  gboolean left;
  gboolean invalid;
} JgPostFormRow;

/* jg-post-form.c */
/* Checks the post after a short pause (the user is typing). */
void           jg_post_form_schedule_check   (JgPostForm    *self);
/* Checks the post now and shows the issues. */
void           jg_post_form_check            (JgPostForm    *self);
JgPostFormRow *jg_post_form_find_row         (JgPostForm    *self,
                                              const char    *key);
/* The post's value of @key; NULL when empty or not a field of its column. */
const char    *jg_post_form_get_value        (JgPostForm    *self,
                                              const char    *key);

/* jg-post-form-fields.c */
void           jg_post_form_build_rows       (JgPostForm    *self);
void           jg_post_form_row_free         (JgPostFormRow *r);
/* Shows the post's value of @r's field in its widget. */
void           jg_post_form_row_refresh      (JgPostFormRow *r);
/* Writes @value (NULL or "" clears) from @r's widget into the post. */
void           jg_post_form_row_set_value    (JgPostFormRow *r,
                                              const char    *value);
/* The departments' combo rows offer self->departments. */
void           jg_post_form_refresh_departments (JgPostForm *self);
/* Which identity rows show for the party kind (credit code and legal
 * representative, or 证件类型/证件号码). */
void           jg_post_form_update_party_rows (JgPostForm   *self);

/* jg-post-form-actions.c */
/* Replaces the personal data of @r's field with its masked form. */
void           jg_post_form_mask_row         (JgPostFormRow *r);
/* "Generate from the fields", asking before overwriting an edited text. */
void           jg_post_form_generate_narrative (JgPostForm  *self);
/* A field changed: a narrative as generated before follows the fields
 * (a fine corrected is corrected in it too); one the user edited stays. */
void           jg_post_form_follow_narrative (JgPostForm    *self,
                                              const char    *key);
/* The decision date changed: the disclosure end follows it unless the
 * user wrote their own. */
void           jg_post_form_decision_date_changed (JgPostForm *self);
/* Remembers what the form would have filled in, for a post just set. */
void           jg_post_form_remember_generated (JgPostForm  *self);

G_END_DECLS
