/* jg-post-schema.h — the fields of each column of posts (监管动态, 曝光台)
 *
 * One table of JgPostFieldSpec per column drives everything that deals
 * with a post's fields, as jg-record-schema.h does for records: the editor
 * builds its form from it, the validator (jg-post-validate.h) checks
 * required marks, lengths and choices from it, and the server's published
 * page takes its Chinese headers from it. See ../shared/domain.md
 * ("Posts") for the source of the 曝光台 (双公示) fields.
 *
 * Values are always text: dates "YYYY-MM-DD", amounts in 万元 "12.5"
 * (at most JG_POST_AMOUNT_DECIMALS decimals), booleans "1"/"0", choices by
 * their value, tags and record links ';'-separated, the body as the HTML
 * subset of jg-post-html.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "jg-fields.h"

G_BEGIN_DECLS

typedef enum {
  JG_POST_DYNAMICS,       /* 监管动态: news of the department's supervision */
  JG_POST_EXPOSURE,       /* 曝光台: penalty disclosures */
  JG_POST_N_COLUMNS
} JgPostColumn;

typedef enum {
  JG_POST_FIELD_TEXT,          /* one line */
  JG_POST_FIELD_LONG_TEXT,     /* several lines */
  JG_POST_FIELD_HTML,          /* the body: the subset of jg-post-html.h */
  JG_POST_FIELD_DATE,          /* YYYY-MM-DD */
  JG_POST_FIELD_AMOUNT,        /* 万元, ≥ 0 */
  JG_POST_FIELD_CHOICE,        /* one value of choices */
  JG_POST_FIELD_TAGS,          /* values of choices, ';'-separated */
  JG_POST_FIELD_RECORD_LINKS,  /* UUIDs of supervision records, ';'-separated */
  JG_POST_FIELD_CREDIT_CODE,   /* 统一社会信用代码 (jg-id-check.h) */
  JG_POST_FIELD_DEPARTMENT,    /* a department code */
  JG_POST_FIELD_BOOL,          /* "1" 是 / "0" 否 */
} JgPostFieldType;

typedef struct {
  const char *value;           /* stored; a code of the record code tables where one exists */
  const char *label;           /* N_() */
  const char *text;            /* as published, always Chinese: "警告" */
} JgPostChoice;

typedef struct {
  const char            *key;         /* stable identifier: "party_name" */
  const char            *label;       /* English, N_()-marked */
  const char            *group;       /* editor group, N_()-marked */
  JgPostFieldType        type;
  guint                  max_length;  /* in characters; 0 for none */
  gboolean               required;    /* always required; see jg-post-validate.h for
                                       * those required by party kind */
  const JgPostChoice    *choices;     /* CHOICE/TAGS: ended by { NULL, NULL } */
  const char            *header;      /* the 双公示 column header, always Chinese
                                       * (the published page); NULL for none */
} JgPostFieldSpec;

/* Titles count characters, not bytes. */
#define JG_POST_TITLE_MAX_LENGTH 60
/* Amounts in 万元: yuan / 10,000 keeps every fen with 6 decimals. */
#define JG_POST_AMOUNT_DECIMALS 6

/* Values of a few choices the rules and the prefill name. */
#define JG_POST_PARTY_ORGANISATION        "organisation"
#define JG_POST_PARTY_INDIVIDUAL_BUSINESS "individual_business"
#define JG_POST_PARTY_NATURAL_PERSON      "natural_person"
#define JG_POST_PROCEDURE_SIMPLIFIED      "01"   /* penalty_procedure 简易程序 */
#define JG_POST_PROCEDURE_NORMAL          "02"   /* penalty_procedure 一般程序 */
#define JG_POST_PENALTY_WARNING           "01"   /* penalty_kind 警告 */
#define JG_POST_SECTOR_SPECIAL_EQUIPMENT  "special_equipment"   /* 特种设备 */
#define JG_POST_SECTOR_WORK_SAFETY        "work_safety"         /* 安全生产 */
#define JG_POST_SECTOR_FIRE               "fire"                /* 消防 */
#define JG_POST_SECTOR_OTHER              "other"

const char            *jg_post_column_to_string     (JgPostColumn  column);   /* "dynamics", "exposure" */
gboolean               jg_post_column_from_string   (const char   *text,
                                                     JgPostColumn *column);
/* Translated: "监管动态" / "曝光台" under zh_CN, "Supervision News" / "Exposure". */
const char            *jg_post_column_get_label     (JgPostColumn  column);
/* The untranslated label (the msgid of jg_post_column_get_label). */
const char            *jg_post_column_get_label_msgid (JgPostColumn column);

/* The fields of @column, in form order. */
const JgPostFieldSpec *jg_post_fields               (JgPostColumn  column,
                                                     guint        *n_fields);
/* NULL when @key is not a field of @column. */
const JgPostFieldSpec *jg_post_field_lookup         (JgPostColumn  column,
                                                     const char   *key);
/* The index of @key in jg_post_fields (@column), or -1. O(1). */
int                    jg_post_field_index          (JgPostColumn  column,
                                                     const char   *key);
/* The keys of jg_post_fields (@column), for a post's JgFields. */
const JgFieldKeys     *jg_post_field_keys           (JgPostColumn  column);
/* The Chinese text of @value among @spec's choices (the published form),
 * or NULL. */
const char            *jg_post_choice_get_text      (const JgPostFieldSpec *spec,
                                                     const char            *value);
/* The translated label of @value among @spec's choices, or NULL. */
const char            *jg_post_choice_get_label     (const JgPostFieldSpec *spec,
                                                     const char            *value);

G_END_DECLS
