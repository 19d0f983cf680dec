/* jg-record-schema.h — the national fields of each kind of supervision record
 *
 * One table of JgFieldSpec per record kind drives everything that deals with
 * record fields: the editor builds its rows from it, the validator checks
 * required marks, lengths and code tables from it, and the CSV/XLSX template,
 * import and export use its Chinese column headers. See ../shared/domain.md
 * ("Behaviour records") for the source of each field.
 *
 * Values are always text: dates "YYYY-MM-DD", date-times "YYYY-MM-DD HH:MM",
 * amounts "1234.50", booleans "1"/"0", codes as in their code table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  JG_RECORD_INSPECTION,   /* 行政检查, catalogue action type 0 */
  JG_RECORD_PENALTY,      /* 行政处罚, 1 */
  JG_RECORD_COERCION,     /* 行政强制, 2 */
  JG_RECORD_OTHER,        /* 其他行为, 3 */
  JG_RECORD_N_KINDS
} JgRecordKind;

typedef enum {
  JG_FIELD_TEXT,          /* one line */
  JG_FIELD_LONG_TEXT,     /* several lines (违法事实, 处罚结果…) */
  JG_FIELD_CODE,          /* a code of code_table */
  JG_FIELD_DATE,          /* YYYY-MM-DD */
  JG_FIELD_DATETIME,      /* YYYY-MM-DD HH:MM */
  JG_FIELD_AMOUNT,        /* yuan, ≥ 0, at most two decimals */
  JG_FIELD_BOOL,          /* "1" 是 / "0" 否 */
  JG_FIELD_CATALOGUE,     /* a sub-item code of the cached catalogue (14 digits) */
  JG_FIELD_IMPL,          /* an implementation-list code of that sub-item */
  JG_FIELD_PARTY_CODE,    /* credit code or ID number, checked by document type */
  JG_FIELD_RECORD_LINK,   /* the number of an inspection record (检查行为编号) */
  JG_FIELD_OFFICERS,      /* the officers: ids of the cached roster, ';'-separated */
} JgFieldType;

typedef struct {
  const char  *key;          /* stable identifier: "check_time" */
  const char  *header;       /* national column header, always Chinese: "检查时间" */
  const char  *label;        /* English label for the editor, N_()-marked */
  const char  *group;        /* editor group, N_()-marked: "Item", "Party", … */
  JgFieldType  type;
  guint        max_length;   /* in characters; 0 for none */
  gboolean     required;     /* the national required mark (*) */
  const char  *code_table;   /* for JG_FIELD_CODE */
} JgFieldSpec;

const char        *jg_record_kind_to_string    (JgRecordKind   kind);   /* "inspection", … */
gboolean           jg_record_kind_from_string  (const char    *text,
                                                JgRecordKind  *kind);
/* Translated name: "行政检查" under zh_CN, "Inspection" otherwise. */
const char        *jg_record_kind_get_label    (JgRecordKind   kind);
/* The untranslated label (the msgid of jg_record_kind_get_label). */
const char        *jg_record_kind_get_label_msgid (JgRecordKind kind);
/* The catalogue action type this kind must carry: "0".."3". */
const char        *jg_record_kind_action_type  (JgRecordKind   kind);
/* The key of the field naming the action's own number (检查行为编号, 处罚行为编号…),
 * unique per department, and of its main date (检查时间, 处罚决定日期…). */
const char        *jg_record_kind_number_key   (JgRecordKind   kind);
const char        *jg_record_kind_date_key     (JgRecordKind   kind);

/* The fields of @kind, common fields first, in form and template order. */
const JgFieldSpec *jg_record_fields            (JgRecordKind   kind,
                                                guint         *n_fields);
const JgFieldSpec *jg_record_field_lookup      (JgRecordKind   kind,
                                                const char    *key);

G_END_DECLS
