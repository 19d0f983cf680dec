/* jg-window.h — the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jg-application.h"

G_BEGIN_DECLS

#define JG_TYPE_WINDOW (jg_window_get_type ())
G_DECLARE_FINAL_TYPE (JgWindow, jg_window, JG, WINDOW, AdwApplicationWindow)

JgWindow *jg_window_new          (JgApplication *application);
/* @name: overview, catalogue, records, dynamics, exposure or sync. */
void      jg_window_show_section (JgWindow      *self,
                                  const char    *name);

G_END_DECLS
