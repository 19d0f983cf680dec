/* jg-preferences-window.h — server, sync and certificate settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define JG_TYPE_PREFERENCES_WINDOW (jg_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (JgPreferencesWindow, jg_preferences_window, JG, PREFERENCES_WINDOW, AdwPreferencesWindow)

JgPreferencesWindow *jg_preferences_window_new (GSettings *settings);

G_END_DECLS
