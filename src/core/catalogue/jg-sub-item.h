/* jg-sub-item.h — one sub-item (子项) of the supervision catalogue
 *
 * Immutable value object: the catalogue returns fresh ones from each query.
 * Every field is also a read-only GObject property of the same name (with
 * '-' for '_'), so list-item templates can bind them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  JG_ITEM_ACTIVE,
  JG_ITEM_CANCELLED,         /* status 02 取消 */
  JG_ITEM_SUSPENDED,         /* status 03 暂停 (or 99 其他) */
  JG_ITEM_EXPIRED,           /* cancel_date reached */
  JG_ITEM_NOT_YET_EFFECTIVE, /* effective_date in the future */
} JgItemAvailability;

#define JG_TYPE_ITEM_AVAILABILITY (jg_item_availability_get_type ())
GType jg_item_availability_get_type (void);

typedef enum {
  JG_SUB_ITEM_CODE,
  JG_SUB_ITEM_NAME,
  JG_SUB_ITEM_MAIN_CODE,
  JG_SUB_ITEM_MAIN_NAME,
  JG_SUB_ITEM_DEPARTMENT_CODE,
  JG_SUB_ITEM_DEPARTMENT_NAME,
  JG_SUB_ITEM_OBJECTS,
  JG_SUB_ITEM_FORM,
  JG_SUB_ITEM_ACTION_TYPE,       /* "0".."3" */
  JG_SUB_ITEM_ACTION_TYPE_NAME,  /* from the code table, e.g. 行政检查 */
  JG_SUB_ITEM_LEGAL_BASIS,
  JG_SUB_ITEM_METHOD,
  JG_SUB_ITEM_PROCESS,
  JG_SUB_ITEM_RESULT,
  JG_SUB_ITEM_LEVEL,
  JG_SUB_ITEM_LEVEL_NAME,
  JG_SUB_ITEM_STATUS,
  JG_SUB_ITEM_STATUS_NAME,
  JG_SUB_ITEM_EFFECTIVE_DATE,    /* YYYY-MM-DD or NULL */
  JG_SUB_ITEM_CANCEL_DATE,       /* YYYY-MM-DD or NULL */
  JG_SUB_ITEM_N_FIELDS
} JgSubItemField;

#define JG_TYPE_SUB_ITEM (jg_sub_item_get_type ())
G_DECLARE_FINAL_TYPE (JgSubItem, jg_sub_item, JG, SUB_ITEM, GObject)

/* @values: JG_SUB_ITEM_N_FIELDS strings (NULL allowed), copied. */
JgSubItem          *jg_sub_item_new              (const char * const *values,
                                                  gint64              row_id);

const char         *jg_sub_item_get_field        (JgSubItem      *self,
                                                  JgSubItemField  field);
const char         *jg_sub_item_get_code         (JgSubItem      *self);
const char         *jg_sub_item_get_name         (JgSubItem      *self);
const char         *jg_sub_item_get_department_name (JgSubItem   *self);
gint64              jg_sub_item_get_row_id       (JgSubItem      *self);

/* Availability on @today ("YYYY-MM-DD"; NULL for the local date). */
JgItemAvailability  jg_sub_item_get_availability (JgSubItem      *self,
                                                  const char     *today);
/* Translated word for a not-active availability ("已取消" …), NULL if active. */
const char         *jg_item_availability_to_label (JgItemAvailability availability);

G_END_DECLS
