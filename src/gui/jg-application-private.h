/* jg-application-private.h — shared by jg-application.c and its actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-application.h"

G_BEGIN_DECLS

struct _JgApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  JgSession *session;

  char *server_override;
  gboolean no_sync;
  gboolean startup_sync_done;
};

/* Adds the app.* actions and sets the accelerators (app.* and win.*). */
void jg_application_actions_init (JgApplication *self);

G_END_DECLS
