/* jg-server-db.h — the reference server's store: change log and catalogue files
 *
 * One SQLite database (WAL) holds a single table `change`: the newest
 * change of every entity, keyed by (feed, type, key), numbered by a global
 * AUTOINCREMENT `seq` (so a replaced entity always gets a seq higher than
 * any ever handed out, in any feed). Entity data is stored as compact JSON
 * text, ready to be concatenated into responses.
 *
 * Several processes may open the same database: a running server reads it,
 * `jianguan-server load` writes it. Nothing is cached across requests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "jg-json.h"

G_BEGIN_DECLS

#define JG_SERVER_DB_ERROR (jg_server_db_error_quark ())

typedef enum {
  JG_SERVER_DB_ERROR_SQLITE,    /* the database refused */
  JG_SERVER_DB_ERROR_FILE,      /* a file (a catalogue file, an image) could not be read or written */
  JG_SERVER_DB_ERROR_PARSE,     /* a catalogue file is not valid JSON */
  JG_SERVER_DB_ERROR_INVALID,   /* valid JSON, wrong shape */
  JG_SERVER_DB_ERROR_FULL,      /* the disk (or a file-size limit) is full: the write was rolled back */
  JG_SERVER_DB_ERROR_READ_ONLY, /* the database or its directory cannot be written */
} JgServerDbError;

GQuark jg_server_db_error_quark (void);

/* The HTTP status of a request that failed with @error (PROTOCOL.md,
 * "When the server's disk is full"): 507 for a full disk, 503 for a
 * read-only one, else 500; @word and @message are the error body's. */
guint        jg_server_db_error_status  (const GError       *error,
                                         const char        **word,
                                         const char        **message);

/* Sets @error for a file beside the database (an image) that could not be
 * written at @path: JG_SERVER_DB_ERROR_FULL when @saved_errno ran out of
 * room (jg_disk_out_of_room), _READ_ONLY for EROFS, else _FILE, so that
 * jg_server_db_error_status() answers it as it answers the database's
 * own. Returns FALSE. */
gboolean     jg_server_db_file_failed   (GError            **error,
                                         int                 saved_errno,
                                         const char         *what,
                                         const char         *path);

/* Mode 0700 for @dir and every directory in it, 0600 for every file
 * (SECURITY.md, "Data at rest"): what an older server or a copy left
 * readable by others. */
gboolean     jg_server_data_dir_make_private (const char   *dir,
                                              GError      **error);

/* What loading one catalogue file did. */
typedef struct {
  guint64 added;       /* entities new to the server */
  guint64 changed;     /* entities whose JSON differed: a new seq */
  guint64 unchanged;   /* identical to what the server has: no new seq */
  guint64 deleted;     /* tombstones written */
  guint64 delete_unknown; /* deletions of entities the server doesn't have */
} JgServerLoadStats;

/* One page of a feed, as computed by jg_server_db_read_changes(). */
typedef struct {
  gint64   latest;     /* highest seq in the feed, 0 if empty */
  gint64   cursor;     /* where the next page starts (since=cursor) */
  guint    count;      /* changes appended */
  gboolean more;       /* cursor < latest */
} JgServerPage;

#define JG_TYPE_SERVER_DB (jg_server_db_get_type ())
G_DECLARE_FINAL_TYPE (JgServerDb, jg_server_db, JG, SERVER_DB, GObject)

/* Opens (creating if needed, mode 0600; an existing file, its -wal and
 * -shm are made 0600) the database file at @path. */
JgServerDb  *jg_server_db_open          (const char         *path,
                                         GError            **error);
const char  *jg_server_db_get_path      (JgServerDb         *self);

/* TRUE if @feed is a feed this server publishes ("codes", "catalogue"). */
gboolean     jg_server_db_is_feed       (const char         *feed);
/* NULL-terminated list of the feed names, in sync order. */
const char * const *jg_server_db_get_feeds (void);

/* Whether @feed holds at least one live (put) entity. */
gboolean     jg_server_db_feed_has_data (JgServerDb         *self,
                                         const char         *feed,
                                         gboolean           *has_data,
                                         GError            **error);

/* Highest seq of @feed (0 when empty). */
gboolean     jg_server_db_get_latest    (JgServerDb         *self,
                                         const char         *feed,
                                         gint64             *latest,
                                         GError            **error);

/* Appends to @out the JSON objects (comma-separated, no brackets) of at most
 * @limit changes of @feed with seq > @since, in seq order, leaving out
 * tombstones when @since is 0; fills @page. One read transaction, so
 * `latest` and the changes are consistent. */
gboolean     jg_server_db_read_changes  (JgServerDb         *self,
                                         const char         *feed,
                                         gint64              since,
                                         guint               limit,
                                         GString            *out,
                                         JgServerPage       *page,
                                         GError            **error);

/* Applies one catalogue file (PROTOCOL.md, "Catalogue files") in one
 * transaction: each entity is a `put` (new seq only if its JSON changed),
 * each element of "deletions" a `delete` tombstone. On error nothing is
 * changed. The file is streamed in chunks through yajl: memory stays
 * small whatever its size. @stats may be NULL. */
gboolean     jg_server_db_load_file     (JgServerDb         *self,
                                         const char         *filename,
                                         JgServerLoadStats  *stats,
                                         GError            **error);

/* Same, from a buffer; @name is used in error messages. */
gboolean     jg_server_db_load_data     (JgServerDb         *self,
                                         const char         *data,
                                         gsize               length,
                                         const char         *name,
                                         JgServerLoadStats  *stats,
                                         GError            **error);

G_END_DECLS
