/* jg-paths.h — where an account's files live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A file-system-safe id for an account: "host-port" of the server URL, with
 * "user@" in front once accounts exist. NULL if @server_url is not a URL. */
char     *jg_paths_account_id            (const char  *server_url,
                                          const char  *username);
/* One spelling of a server address: lower-case scheme, explicit
 * port, path ending in "/", no query or fragment; "http://127.0.0.1:8437"
 * and "HTTP://127.0.0.1:8437/" give "http://127.0.0.1:8437/". The keyring
 * keys tokens by it. NULL if @server_url is not an http(s) URL. */
char     *jg_paths_canonical_server_url  (const char  *server_url);
/* Takes the group's and others' permissions away from @path, when it has
 * any: a folder becomes 0700, a file 0600 (SECURITY.md, "Data at rest").
 * For what an older Jianguan, a copy or another program left readable; a
 * missing @path is no error. FALSE only when chmod() refuses. */
gboolean  jg_paths_make_private          (const char  *path);
/* $XDG_DATA_HOME/jianguan/accounts/<id>/, created with mode 0700; it and
 * the folders above it up to jianguan/ are made private. */
char     *jg_paths_account_dir           (const char  *account_id,
                                          GError     **error);
/* The account's database: <account dir>/jianguan.db. */
char     *jg_paths_database_for_server   (const char  *server_url,
                                          const char  *username,
                                          GError     **error);
/* The server's catalogue cache that the database at @db_path attaches:
 * $XDG_DATA_HOME/jianguan/servers/<host-port>/catalogue.db for a database
 * of jg_paths_database_for_server() (every account of a server, and the
 * signed-out database, share it); beside any other database,
 * "<name>-catalogue.db" ("test.db" → "test-catalogue.db"). */
char     *jg_paths_catalogue_for_database (const char *db_path);

/* Where the images of the posts of the database at @db_path live: beside
 * an account's jianguan.db, its folder's images/; beside any other
 * database, "<name>-images/" ("test.db" → "test-images"), so that two of
 * them never mix. Not created here. */
char     *jg_paths_images_for_database   (const char *db_path);

/* The server the CLI uses when none is given: the last one synced. */
char     *jg_paths_get_default_server    (void);
void      jg_paths_set_default_server    (const char  *server_url);

/* Where the demo data and other shipped data files are:
 * $JIANGUAN_DATA_DIR, else the installed pkgdatadir if it exists, else the
 * source tree's data/ (uninstalled builds and tests). */
char     *jg_paths_data_file             (const char  *relative);

G_END_DECLS
