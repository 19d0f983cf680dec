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

/* A fresh directory under the temporary folder, removed with all it holds
 * when the program exits (not when a failed assertion aborts it). */
char         *jg_test_make_tmpdir        (const char         *name);

/* Points XDG_DATA_HOME/XDG_CONFIG_HOME/XDG_CACHE_HOME at a fresh directory,
 * for the whole program: GLib reads them once per process, so a later call
 * changes only what child processes see. A program whose cases each need
 * their own passes G_TEST_OPTION_ISOLATE_DIRS to g_test_init () instead. */
void          jg_test_isolate_xdg        (void);

/* Reads the system's GSettings schemas now: call it before g_test_init ()
 * with G_TEST_OPTION_ISOLATE_DIRS, which points XDG_DATA_DIRS at an empty
 * folder. GIO reads them once, and its proxy resolver needs
 * org.gnome.system.proxy. */
void          jg_test_keep_system_schemas (void);

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
