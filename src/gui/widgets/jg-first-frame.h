/* jg-first-frame.h — work that waits for the window's first frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Whether the main window has painted its first frame. */
gboolean jg_first_frame_is_painted (void);
/* Called once by the main window at its first "after-paint". */
void     jg_first_frame_set_painted (void);
/* Calls @func (@data) at low priority once the main window has painted its
 * first frame (at the next idle if it has), until @func returns
 * G_SOURCE_REMOVE; a source id for g_source_remove(), as g_idle_add()'s. */
guint    jg_first_frame_idle_add   (GSourceFunc    func,
                                    gpointer       data,
                                    GDestroyNotify notify);

G_END_DECLS
