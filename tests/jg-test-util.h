/* jg-test-util.h — helpers shared by the C tests and the benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-record.h"
#include "jg-store.h"

G_BEGIN_DECLS

typedef struct {
  GSubprocess *process;
  char        *url;       /* http://127.0.0.1:PORT/ */
  char        *data_dir;  /* the server's --data directory */
  char        *log_path;  /* its stderr */
} JgTestServer;

/* The jianguan-server binary: $JIANGUAN_SERVER_BIN. */
const char   *jg_test_server_binary      (void);

/* Starts jianguan-server --data @data_dir --port 0 @extra_args… on
 * 127.0.0.1 and waits until it listens. Aborts the test on failure. */
JgTestServer *jg_test_server_start       (const char         *data_dir,
                                          const char * const *extra_args);
/* Like _start but returns NULL and sets @error when the server does not come up. */
JgTestServer *jg_test_server_try_start   (const char         *data_dir,
                                          const char * const *extra_args,
                                          GError            **error);
void          jg_test_server_stop        (JgTestServer       *server);

/* Runs `jianguan-server load --data @data_dir @file`. */
void          jg_test_server_load        (const char         *data_dir,
                                          const char         *file);

/* Removes @path and, when it is a folder (not a link to one), everything
 * in it; what cannot be removed is left. */
void          jg_test_remove_tree        (const char         *path);

/* A fresh directory under the temporary folder, removed with all it holds
 * when the program exits (not when a failed assertion aborts it). */
char         *jg_test_make_tmpdir        (const char         *name);

/* A fresh profile: XDG_DATA_HOME, XDG_CONFIG_HOME and XDG_CACHE_HOME point
 * at empty folders of the program's own home (the same folders at each
 * call, emptied: GLib reads them once per process). Call it in each case's
 * set-up when the cases must not see each other's databases, which are
 * named by the server's port: a later case's server may get an earlier
 * one's. */
void          jg_test_isolate_xdg        (void);

/* The first column of the first row of @sql (with @arg bound to ?1 when
 * not NULL) as text, or NULL. */
char         *jg_test_query_text         (JgStore            *store,
                                          const char         *sql,
                                          const char         *arg);
/* One valid inspection of the demo catalogue, not yet saved: of
 * @department, numbered @number, checked on @date (YYYY-MM-DD). It names
 * the first sub-item in force on @date that has an implementation entry
 * (one of @department's own where there is one), that sub-item's first
 * implementation entry, and two officers whose certificates are valid on
 * @date (@department's own first). Aborts when @store has none of them. */
JgRecord     *jg_test_demo_inspection    (JgStore            *store,
                                          const char         *department,
                                          const char         *number,
                                          const char         *date);
/* Saves @record and marks it ready to send, as the editor does; asserts
 * that both succeed. */
void          jg_test_save_ready         (JgStore            *store,
                                          JgRecord           *record);
/* The first column of @sql in the database at @db_path, opened read-only
 * on a connection of its own (as another program would look); -1 if none. */
gint64        jg_test_query_int          (const char         *db_path,
                                          const char         *sql);

/* Switches the process to zh_CN.UTF-8 with the build's translations
 * ($JIANGUAN_LOCALEDIR) and returns the locale to restore with
 * jg_test_restore_locale(). Where there is none, marks the test skipped
 * and returns NULL; under CI=true (which installs the locale) it fails. */
char         *jg_test_use_chinese        (void);
void          jg_test_restore_locale     (char               *saved);

/* A file's SHA-256, or NULL if it cannot be read. */
char         *jg_test_file_checksum      (const char         *path);

G_END_DECLS
