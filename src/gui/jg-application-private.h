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
  guint reminders_timer;
};

/* Adds the app.* actions and sets the accelerators (app.* and win.*). */
void jg_application_actions_init (JgApplication *self);

/* jg-application-reminders.c: the quota reminders (app.show-posts, the
 * checks at start-up, after each sync and every morning). */
void jg_application_reminders_init     (JgApplication *self);
void jg_application_reminders_check    (JgApplication *self);
void jg_application_reminders_shutdown (JgApplication *self);

G_END_DECLS
