/* jg-session-private.h — hooks for tests/test-session.c only
 *
 * The app never calls these. A test builds its session with
 * g_object_new (JG_TYPE_SESSION, "settings", s, "network-monitor", m, NULL)
 * (settings from a memory backend, a monitor it drives) and shortens the
 * automatic-sync interval here instead of waiting minutes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-session.h"

G_BEGIN_DECLS

/* One unit of the "sync-interval" setting lasts @seconds_per_unit seconds
 * instead of 60 (a minute); the running timer restarts with the new length. */
void jg_session_set_interval_unit_for_testing (JgSession *self,
                                               guint      seconds_per_unit);

G_END_DECLS
