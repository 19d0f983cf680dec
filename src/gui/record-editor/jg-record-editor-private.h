/* jg-record-editor-private.h — shared by the record editor's own files
 *
 * The editor (jg-record-editor.c: saving, header, history) owns a
 * JgFieldRow per field of the record's kind (jg-record-editor-fields.c:
 * the rows' common parts, their issues and the server's reasons). What a
 * row looks like depends on its field type: each kind of row is a
 * JgFieldKind in a file of its own (jg-field-*.c), as GNOME Calendar's
 * event editor has one file per section.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gi18n.h>

#include "jg-record-editor.h"
#include "jg-record-store.h"
#include "jg-validate.h"

G_BEGIN_DECLS

/* Entities offered under the party's name and code rows. */
#define JG_RECORD_EDITOR_N_SUGGESTIONS 5

typedef struct _JgFieldRow JgFieldRow;

struct _JgRecordEditor
{
  AdwBin parent_instance;

  GtkLabel *title_label;
  GtkLabel *status_label;
  GtkLabel *state_badge;
  GtkWidget *save_button;
  GtkWidget *ready_button;
  GtkWidget *exposure_button;   /* an accepted penalty: jg-post-from-record.c */
  GtkWidget *reasons_bar;       /* the server's reasons that name no field */
  GtkLabel *reasons_label;
  GtkWidget *revision_bar;      /* editing an accepted record makes a new revision */
  GtkLabel *revision_label;
  AdwClamp *clamp;
  GtkBox *form_box;
  GtkWidget *columns;           /* JgColumns: the groups, in two columns when wide */
  AdwPreferencesGroup *summary_group;
  GtkLabel *summary_label;

  JgStore *store;
  JgCatalogue *catalogue;
  JgRecord *record;
  JgValidationContext *context;
  char *region;

  GPtrArray *fields;            /* JgFieldRow */
  GHashTable *groups;           /* group name → AdwPreferencesGroup */
  AdwPreferencesGroup *history_group;
  GPtrArray *history_rows;

  /* entity suggestions, under the party name and code rows */
  GPtrArray *suggestions;       /* JgEntity */
  GtkWidget *entity_row;        /* "All records of this party" */

  GCancellable *cancellable;
  guint validate_id;
  guint save_id;
  gboolean dirty;
  gboolean updating;
  gboolean has_errors;
  /* Every field's issues, not only those of fields left: the user tried to
   * mark the record ready, or the server rejected it. */
  gboolean show_all_issues;
  /* Values the app filled in (jg_field_row_fill) that are not saved yet:
   * saved with the user's first change, not on their own, so that an
   * untouched draft stays untouched. */
  gboolean filled;
  /* The last revision the server accepted (from the history), 0 none. */
  guint accepted_revision;
};

struct _JgFieldRow
{
  JgRecordEditor *editor;
  const JgFieldSpec *spec;
  GtkWidget *row;
  GtkWidget *input;             /* what takes the value; accessible */
  GtkWidget *message_row;
  GtkWidget *info_label;        /* what a reference refers to */
  GtkWidget *reason_label;      /* why the server rejected the value */
  GtkWidget *message_label;     /* the validator's issues */
  char *reason;                 /* the server's, until the value changes */
  /* The user has left the field (or it held a value when the form opened):
   * its issues are shown. Before that only its required mark is. */
  gboolean left;
  gboolean invalid;             /* an error is shown for it */

  /* the kinds' own parts */
  GListStore *codes;            /* code: JgCode */
  GtkWidget *popover;           /* date, catalogue, implementation */
  GtkWidget *search_entry;
  GtkWidget *result_list;
  GPtrArray *checks;            /* officers: GtkCheckButton */
  GtkWidget *suggest_rows[JG_RECORD_EDITOR_N_SUGGESTIONS];
};

/* One kind of field row. */
typedef struct
{
  /* Sets f->row and f->input (its group is not known yet). */
  void   (*build)    (JgFieldRow *f);
  /* Shows @value (may be NULL); NULL: the row is a GtkEditable. */
  void   (*refresh)  (JgFieldRow *f,
                      const char *value);
  /* What @value refers to, shown under the row; NULL: nothing. */
  char * (*describe) (JgFieldRow *f,
                      const char *value);
} JgFieldKind;

extern const JgFieldKind jg_field_text_kind;       /* jg-field-text.c */
extern const JgFieldKind jg_field_long_text_kind;
extern const JgFieldKind jg_field_switch_kind;
extern const JgFieldKind jg_field_code_kind;       /* jg-field-code.c */
extern const JgFieldKind jg_field_date_kind;       /* jg-field-date.c */
extern const JgFieldKind jg_field_catalogue_kind;  /* jg-field-catalogue.c */
extern const JgFieldKind jg_field_impl_kind;
extern const JgFieldKind jg_field_officers_kind;   /* jg-field-officers.c */

/* jg-record-editor.c */
void                 jg_record_editor_schedule_change (JgRecordEditor *self);
void                 jg_record_editor_emit_message    (JgRecordEditor *self,
                                                       const char     *text);
void                 jg_record_editor_emit_show_entity (JgRecordEditor *self,
                                                       const char     *doc_type,
                                                       const char     *code);

/* jg-record-editor-fields.c */
void                 jg_record_editor_build_fields    (JgRecordEditor *self);
/* Shares the groups between the two columns, the first ones (in the
 * schema's order) in the first column; @last (may be NULL) goes at the end. */
void                 jg_record_editor_lay_out_groups  (JgRecordEditor      *self,
                                                       AdwPreferencesGroup *last);
AdwPreferencesGroup *jg_record_editor_get_group       (JgRecordEditor *self,
                                                       const char     *name);
JgFieldRow          *jg_record_editor_find_field      (JgRecordEditor *self,
                                                       JgFieldType     type);
/* @header: the national column header (行政相对人…). */
JgFieldRow          *jg_record_editor_find_field_by_header (JgRecordEditor *self,
                                                       const char     *header);
void                 jg_record_editor_show_issues     (JgRecordEditor *self);
void                 jg_record_editor_load_reasons    (JgRecordEditor *self);
void                 jg_field_row_free                (JgFieldRow     *f);
void                 jg_field_row_set_value           (JgFieldRow     *f,
                                                       const char     *value);
void                 jg_field_row_refresh             (JgFieldRow     *f);
/* Puts @value, which the app knows, into @f unless the user wrote there:
 * only when the field is empty or holds @replaceable (what the app put
 * there before, may be NULL). Returns whether the value changed. */
gboolean             jg_field_row_fill                (JgFieldRow     *f,
                                                       const char     *value,
                                                       const char     *replaceable);
/* Fills what the app knows of the record's department (jg-record-editor-fill.c). */
void                 jg_record_editor_fill_department (JgRecordEditor *self);
/* A flat button with @icon that opens @popover, at the end of an entry row;
 * Alt+Down in the row opens it too, Escape in it closes it; closed from
 * the keyboard, it gives the focus back to the row. */
void                 jg_field_row_add_popover_button  (JgFieldRow     *f,
                                                       const char     *icon,
                                                       const char     *tooltip,
                                                       const char     *accessible,
                                                       GtkWidget      *popover);

/* jg-field-party.c: entity suggestions and the party's profile row */
void                 jg_field_party_add_suggestions   (JgFieldRow          *f,
                                                       AdwPreferencesGroup *group);
void                 jg_field_party_add_entity_row    (JgRecordEditor *self);

G_END_DECLS
