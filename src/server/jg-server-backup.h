/* jg-server-backup.h — `jianguan-server backup`: a consistent copy of a running server's data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The database in a server's data directory (and in a backup of it). */
#define JG_SERVER_DB_NAME "server.db"

/* What one backup copied. */
typedef struct {
  guint64 pages;       /* database pages */
  guint64 bytes;       /* the database copy's size */
  guint   images;      /* image files */
} JgServerBackupStats;

/* Copies the server's data directory @data_dir into @backup_dir (created
 * 0700; it must not hold a server.db yet): the database with SQLite's
 * online backup API, one snapshot copied in small steps while the server
 * goes on writing, then the finished images (DIR/images/, without the
 * partial uploads). Every file is written 0600. A server started with
 * `--data @backup_dir` serves the copy. */
gboolean jg_server_backup (const char           *data_dir,
                           const char           *backup_dir,
                           JgServerBackupStats  *stats,
                           GError              **error);

G_END_DECLS
