/* jg-application.h — the Jianguan application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jg-session.h"

G_BEGIN_DECLS

#define JG_TYPE_APPLICATION (jg_application_get_type ())
G_DECLARE_FINAL_TYPE (JgApplication, jg_application, JG, APPLICATION, AdwApplication)

JgApplication *jg_application_new          (void);
GSettings     *jg_application_get_settings (JgApplication *self);
JgSession     *jg_application_get_session  (JgApplication *self);

G_END_DECLS
