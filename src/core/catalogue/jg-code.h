/* jg-code.h — one entry of a code table, or a department, as a list item
 *
 * Used for code-table entries (table "action_type", code "0", name 行政检查)
 * and, with table "department", for departments in filter drop-downs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define JG_TYPE_CODE (jg_code_get_type ())
G_DECLARE_FINAL_TYPE (JgCode, jg_code, JG, CODE, GObject)

JgCode     *jg_code_new        (const char *table,
                                const char *code,
                                const char *name);
const char *jg_code_get_table  (JgCode     *self);
const char *jg_code_get_code   (JgCode     *self);
const char *jg_code_get_name   (JgCode     *self);

G_END_DECLS
