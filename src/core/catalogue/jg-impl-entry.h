/* jg-impl-entry.h — one entry of the implementation list (检查实施清单)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  JG_IMPL_CODE,
  JG_IMPL_SUBITEM,
  JG_IMPL_REGION,
  JG_IMPL_REGION_NAME,
  JG_IMPL_BODY_NAME,
  JG_IMPL_BODY_CODE,
  JG_IMPL_BODY_NATURE,
  JG_IMPL_BODY_NATURE_NAME,
  JG_IMPL_DELEGATED_NAME,
  JG_IMPL_DELEGATED_CODE,
  JG_IMPL_LEVEL,
  JG_IMPL_LEVEL_NAME,
  JG_IMPL_OBJECTS,
  JG_IMPL_CHECK_CATEGORY,
  JG_IMPL_CHECK_CATEGORY_NAME,
  JG_IMPL_RANDOM_CHECK,          /* "1" or "0" */
  JG_IMPL_PROPORTION,
  JG_IMPL_FREQUENCY,
  JG_IMPL_CONTENT,
  JG_IMPL_N_FIELDS
} JgImplField;

#define JG_TYPE_IMPL_ENTRY (jg_impl_entry_get_type ())
G_DECLARE_FINAL_TYPE (JgImplEntry, jg_impl_entry, JG, IMPL_ENTRY, GObject)

JgImplEntry *jg_impl_entry_new            (const char * const *values);
const char  *jg_impl_entry_get_field      (JgImplEntry *self,
                                           JgImplField  field);
gboolean     jg_impl_entry_get_random_check (JgImplEntry *self);

G_END_DECLS
