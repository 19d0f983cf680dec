/* jg-json.h — writing JSON text by hand where a tree would cost too much
 *
 * The outbox builds batches of thousands of records and the server writes
 * feed pages of thousands of rows; both append to one GString instead of
 * building a json-glib tree (which was most of the time in profiles).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @str (UTF-8) as a JSON string literal, quotes included. */
void jg_json_append_string (GString    *out,
                            const char *str);
/* The same, or null when @str is NULL. */
void jg_json_append_string_or_null (GString    *out,
                                    const char *str);

G_END_DECLS
