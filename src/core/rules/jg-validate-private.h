/* jg-validate-private.h — shared by the files of the rules (jg-validate*.c)
 *
 * A Run is one call of jg_validate_record(); every rule takes it, reads
 * the record's fields by index (KindIndexes) and adds its issues to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gi18n-lib.h>

#include "jg-record-private.h"
#include "jg-validate.h"

G_BEGIN_DECLS

/* The indexes of the fields the cross-field rules need, per kind. */
typedef struct {
  int catalogue, impl, nature, doc_type, party_code, number, link, officers, officer_certs;
  int main_date, report_time, filing_date, decision_date, close_date;
  int start_date, end_date, fine_amount, fine_paid, penalty_kind;
} KindIndexes;

/* One validation: the record, where its fields are, the issues so far. */
typedef struct {
  JgRecord            *record;
  JgRecordKind         kind;
  JgValidationContext *context;
  const JgFieldSpec   *fields;
  guint                n_fields;
  const KindIndexes   *idx;
  GPtrArray           *issues;
  GArray              *order;     /* field index of each issue, lazily */
  guint                valid[4];  /* bit per field: present and well-formed */
} Run;

static inline const char *
value (Run *run,
       int  field)
{
  return field < 0 ? NULL : jg_record_get_nth (run->record, field);
}

static inline void
mark_valid (Run *run,
            int  field)
{
  run->valid[field / 32] |= 1u << (field % 32);
}

/* The value of @field when it is present and passed its own checks. */
static inline const char *
valid_value (Run *run,
             int  field)
{
  if (field < 0 || !(run->valid[field / 32] & (1u << (field % 32))))
    return NULL;
  return jg_record_get_nth (run->record, field);
}

/* The translated label of @field, as the sentences want it. */
static inline const char *
label (Run *run,
       int  field)
{
  return _(run->fields[field].label);
}


/* jg-validate-issue.c */

/* Adds an issue. @msgid is untranslated (N_): the message is its
 * translation with the arguments in place, and the issue keeps the msgid
 * and the arguments as text (see JgIssue). */
void     jg_validate_add                   (Run             *run,
                                            int              field,
                                            JgIssueSeverity  severity,
                                            const char      *msgid,
                                            ...) G_GNUC_PRINTF (4, 5);
/* Adds an issue whose sentence is @error's (no template to send along). */
void     jg_validate_add_gerror            (Run             *run,
                                            int              field,
                                            JgIssueSeverity  severity,
                                            GError          *error);

/* jg-validate-field.c */

/* Whether the @n first characters of @s are ASCII digits. */
gboolean jg_validate_digits                (const char      *s,
                                            guint            n);
/* "YYYY-MM-DD…": a real date from 1900 on, whatever follows it. */
gboolean jg_validate_is_date               (const char      *s);
/* An amount in cents, or -1 when malformed, -2 negative, -3 too many
 * decimals. */
gint64   jg_validate_parse_amount          (const char      *s);
/* The rules of one field by itself; TRUE when it is present and valid. */
gboolean jg_validate_check_field           (Run             *run,
                                            int              field);

/* jg-validate-party.c */

gboolean jg_validate_check_party_code      (Run             *run,
                                            int              field,
                                            const char      *v);
/* Once the document type is checked: does it suit the party's nature? */
void     jg_validate_check_nature_doc_type (Run             *run);

/* jg-validate-lookup.c */

gboolean jg_validate_check_catalogue       (Run             *run,
                                            int              field,
                                            const char      *v);
gboolean jg_validate_check_impl            (Run             *run,
                                            int              field,
                                            const char      *v);
gboolean jg_validate_check_officers        (Run             *run,
                                            int              field,
                                            const char      *v);
/* Once the officers are checked: do the certificate numbers (执法证号)
 * belong to them? */
void     jg_validate_check_certificates    (Run             *run);

/* jg-validate-cross.c */

void     jg_validate_check_dates           (Run             *run);
void     jg_validate_check_fines           (Run             *run);

G_END_DECLS
