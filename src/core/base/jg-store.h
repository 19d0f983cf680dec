/* jg-store.h — one SQLite connection to an account's local database
 *
 * The account's own file holds its records; the server's catalogue cache,
 * shared by every account of the server, is attached to the same
 * connection (see jg-store.c), so callers read both as one database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define JG_STORE_ERROR (jg_store_error_quark ())

typedef enum {
  JG_STORE_ERROR_FAILED,        /* any other SQLite failure */
  JG_STORE_ERROR_NOT_DATABASE,  /* the file is not an SQLite database */
  JG_STORE_ERROR_TOO_NEW,       /* written by a newer Jianguan: refused, untouched */
  JG_STORE_ERROR_LOCKED,        /* another process holds the database */
  JG_STORE_ERROR_IO,            /* cannot create or open the file */
  JG_STORE_ERROR_CORRUPT,       /* SQLite reports corruption */
  JG_STORE_ERROR_FULL,          /* the disk (or the file-size limit) is full: nothing was written */
  JG_STORE_ERROR_READ_ONLY,     /* the file or its folder cannot be written */
} JgStoreError;

#define JG_TYPE_STORE (jg_store_get_type ())
G_DECLARE_FINAL_TYPE (JgStore, jg_store, JG, STORE, GObject)

GQuark        jg_store_error_quark            (void);

/* Opens (creating it, mode 0600, when missing; an existing file, its -wal
 * and -shm made 0600) and migrates to the latest schema. A connection
 * belongs to one thread at a time. */
JgStore      *jg_store_open                   (const char   *path,
                                               GError      **error);
/* Opens without creating and without migrating: for read-only tools. */
JgStore      *jg_store_open_existing          (const char   *path,
                                               GError      **error);
/* Migrates only up to @version: lets tests build old databases (the
 * catalogue cache is always at its latest). */
JgStore      *jg_store_open_at_version        (const char   *path,
                                               int           version,
                                               GError      **error);

int           jg_store_latest_schema_version  (void);
int           jg_store_get_schema_version     (JgStore      *self);
const char   *jg_store_get_path               (JgStore      *self);
/* The server's catalogue cache that @self attaches. */
const char   *jg_store_get_catalogue_path     (JgStore      *self);
/* That cache on a connection of its own, where it is "main": the catalogue
 * sync writes it there, so that its transaction locks the cache only. */
JgStore      *jg_store_open_catalogue         (JgStore      *self,
                                               GError      **error);

/* Runs SQL without parameters (DDL, PRAGMA, BEGIN …). */
gboolean      jg_store_exec                   (JgStore      *self,
                                               const char   *sql,
                                               GError      **error);
gboolean      jg_store_begin                  (JgStore      *self,
                                               GError      **error);
gboolean      jg_store_commit                 (JgStore      *self,
                                               GError      **error);
void          jg_store_rollback               (JgStore      *self);

/* Key/value settings kept inside the database (cursors, ETags, …). */
char         *jg_store_get_meta               (JgStore      *self,
                                               const char   *key);
gboolean      jg_store_set_meta               (JgStore      *self,
                                               const char   *key,
                                               const char   *value,
                                               GError      **error);
/* The same value read over a short read-only connection to the file at
 * @path: no schema check, nothing attached, nothing created (a tenth of
 * jg_store_open's time). NULL if the file, its meta table or @key is
 * not there. */
char         *jg_store_peek_meta              (const char   *path,
                                               const char   *key);

G_END_DECLS
