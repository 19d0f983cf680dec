/* jg-session.h — the server the app works with, its catalogue and its syncs
 *
 * One JgSession per application. It follows the "server-url" and "ca-file"
 * settings, owns the JgCatalogue of the server's database, runs catalogue
 * syncs and tells every page what happened, so that all of them show the
 * same state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-catalogue.h"

G_BEGIN_DECLS

typedef enum {
  JG_SYNC_STATUS_NO_SERVER,   /* no server URL set */
  JG_SYNC_STATUS_NEVER,       /* server set, never synced successfully */
  JG_SYNC_STATUS_SYNCING,
  JG_SYNC_STATUS_UP_TO_DATE,  /* the last run succeeded */
  JG_SYNC_STATUS_FAILED,      /* the last run failed */
} JgSyncStatus;

#define JG_TYPE_SYNC_STATUS (jg_sync_status_get_type ())
GType jg_sync_status_get_type (void);

#define JG_TYPE_SESSION (jg_session_get_type ())
G_DECLARE_FINAL_TYPE (JgSession, jg_session, JG, SESSION, GObject)

JgSession    *jg_session_new                 (GSettings  *settings);

const char   *jg_session_get_server_url      (JgSession  *self);
gboolean      jg_session_has_server          (JgSession  *self);
/* NULL when no server is configured or its database path is unusable. */
JgCatalogue  *jg_session_get_catalogue       (JgSession  *self);
JgSyncStatus  jg_session_get_status          (JgSession  *self);
gboolean      jg_session_is_syncing          (JgSession  *self);
guint64       jg_session_get_progress_done   (JgSession  *self);
guint64       jg_session_get_progress_total  (JgSession  *self);
/* Unix time of the last successful sync, 0 if none. */
gint64        jg_session_get_last_sync       (JgSession  *self);
/* A sentence about the last run ("Downloaded 12 changes." or the error),
 * NULL before the first run of this session. */
const char   *jg_session_get_last_result     (JgSession  *self);
/* Whether the cached catalogue has no sub-items (known after stats load). */
gboolean      jg_session_is_catalogue_empty  (JgSession  *self);

/* Starts a catalogue sync unless one is running or no server is set. */
void          jg_session_sync                (JgSession  *self);
/* Reloads the statistics (last sync time, emptiness). */
void          jg_session_refresh             (JgSession  *self);

/* Whether @url is an absolute http:// or https:// URL with a host. */
gboolean      jg_session_is_valid_server_url (const char *url);

/* Formats a unix time for display, or "Never" for 0. */
char         *jg_session_format_time         (gint64      unix_time);

/* Signals:
 *  "sync-finished" (gboolean success, const char *message, guint64 changes)
 *                   — after each run; @changes applied, 0 when failed;
 *  "data-changed"  () — the catalogue object was replaced or its content
 *                   changed: pages re-run their queries. */

G_END_DECLS
