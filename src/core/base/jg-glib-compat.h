/* jg-glib-compat.h — GLib functions newer than the 2.74 we pin
 *
 * Written here once, under a jg_ name, until the baseline reaches the
 * GLib that has them; then each call becomes the GLib one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* g_set_str() (GLib 2.76): replaces *@ptr with a copy of @value; TRUE if
 * it changed. */
static inline gboolean
jg_set_str (char       **ptr,
            const char  *value)
{
  if (g_strcmp0 (*ptr, value) == 0)
    return FALSE;
  g_free (*ptr);
  *ptr = g_strdup (value);
  return TRUE;
}

G_END_DECLS
