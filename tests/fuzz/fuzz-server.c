/* fuzz-server.c — libFuzzer target for the server's request router
 *
 * The input is raw HTTP to a JgServer, as a client would send it: the
 * bytes of one connection, or of several one after the other, separated
 * by a line "--next-connection--" (libsoup 3.2 answers only the first of
 * pipelined requests, so a push and then a feed read are two connections).
 * The bytes of each are written to one end of a socketpair whose other end
 * the server takes with soup_server_accept_iostream(), so that libsoup's
 * HTTP reader, the router (jg-server-handlers*.c), every handler and the
 * readers of their bodies (batch reader, JSON, images) see the input. The
 * target half-closes its end after the last byte and reads the answers
 * until the server closes the connection; it aborts when the server stops answering
 * without closing it.
 *
 * No state lives from one input to the next (crashes must replay alone):
 * every input gets a fresh copy of one server database, made once per
 * process with the demo catalogue, two demo accounts (rc-admin, an admin of
 * 11445200006295321R, and reviewer) and a token each that never expires:
 *   Authorization: Bearer FuzzAdminTokenFuzzAdminTokenFuzzAdminToken0
 *   Authorization: Bearer FuzzReviewerTokenFuzzReviewerTokenFuzzRevi0
 * (corpus-server/ and server.dict use them), a fresh images folder and a
 * fresh JgServer (its rate limits and caches). Passwords are hashed with
 * the minimum limits (JIANGUAN_SERVER_FAST_PWHASH=1). The server's request
 * log is dropped unless FUZZ_SERVER_LOG=1, which also prints the answers.
 * The folder is fuzz-tmp.c's.
 *
 * Build: meson setup with -Dfuzzing=true (HACKING.md, "Fuzzing"); the
 * default build links it with fuzz-main.c and replays corpus-server/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* memmem */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz-tmp.h"
#include "jg-server-private.h"
#include "jg-server-accounts.h"

#define DB_NAME "server.db"
#define ADMIN_TOKEN "FuzzAdminTokenFuzzAdminTokenFuzzAdminToken0"
#define REVIEWER_TOKEN "FuzzReviewerTokenFuzzReviewerTokenFuzzRevi0"
#define DEPARTMENT "11445200006295321R"   /* 揭阳市市场监督管理局, as the demo's */
#define PASSWORD "Jianguan-Fuzz-2026"
/* An answer slower than this is a hang (libFuzzer's -timeout is longer). */
#define STALL_US (20 * G_USEC_PER_SEC)
#define POLL_MS 1
/* Between the bytes of two connections (see above). */
#define NEXT_CONNECTION "\n--next-connection--\n"

static char *template_db;     /* the database every input starts from */
static char *work_dir;        /* where each input's copy lives */
static char *work_db;
static gboolean verbose;

static void
die (const char *what,
     GError     *error)
{
  fprintf (stderr, "fuzz-server: %s: %s\n", what, error ? error->message : g_strerror (errno));
  abort ();
}

/* LeakSanitizer's options in a sanitizer build (tests/fuzz/meson.build
 * says why this target does not check leaks): neither libFuzzer's check
 * after each input nor the one at exit, which would fail the corpus test
 * on libsoup's leak. */
const char *__lsan_default_options (void);

const char *
__lsan_default_options (void)
{
  return "detect_leaks=0";
}

static void
drop_print (const char *text)
{
}

static char *
demo_dir (void)
{
  const char *data = g_getenv ("JIANGUAN_DATA_DIR");

  return g_build_filename (data != NULL ? data : SOURCE_DATADIR, "demo", NULL);
}

/* Stores the SHA-256 of @token's bytes as the server does (decode_token). */
static void
insert_token (sqlite3    *db,
              const char *token,
              const char *username)
{
  guchar raw[32];
  guchar digest[crypto_hash_sha256_BYTES];
  size_t len = 0;
  sqlite3_stmt *stmt;

  if (sodium_base642bin (raw, sizeof raw, token, strlen (token), NULL, &len, NULL,
                         sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || len != sizeof raw)
    die ("the fixed token is not 32 bytes of base64url", NULL);
  crypto_hash_sha256 (digest, raw, sizeof raw);
  if (sqlite3_prepare_v2 (db, "INSERT INTO token (hash, username, created, expires)"
                              " VALUES (?1, ?2, 0, 9000000000000)", -1, &stmt, NULL) != SQLITE_OK)
    die (sqlite3_errmsg (db), NULL);
  sqlite3_bind_blob (stmt, 1, digest, sizeof digest, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, username, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    die (sqlite3_errmsg (db), NULL);
  sqlite3_finalize (stmt);
}

static void
make_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgServerDb) db = NULL;
  g_autofree char *dir = fuzz_tmp_dir_new ("server");
  g_autofree char *demo = demo_dir ();
  const char *files[] = { "code-tables.json", "catalogue.json" };
  sqlite3 *sql;

  g_setenv ("JIANGUAN_SERVER_FAST_PWHASH", "1", TRUE);
  verbose = g_strcmp0 (g_getenv ("FUZZ_SERVER_LOG"), "1") == 0;
  if (!verbose)
    g_set_printerr_handler (drop_print);

  template_db = g_build_filename (dir, "template.db", NULL);
  work_dir = g_build_filename (dir, "work", NULL);
  work_db = g_build_filename (work_dir, DB_NAME, NULL);

  if (!jg_server_accounts_init (&error))
    die ("libsodium", error);
  db = jg_server_db_open (template_db, &error);
  if (db == NULL)
    die ("cannot make the server database", error);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (demo, files[i], NULL);
      if (!jg_server_db_load_file (db, path, NULL, &error))
        die ("cannot load the demo catalogue", error);
    }
  if (!jg_server_db_add_account (db, "rc-admin", DEPARTMENT, "admin", PASSWORD, &error) ||
      !jg_server_db_add_account (db, "reviewer", DEPARTMENT, "reviewer", PASSWORD, &error))
    die ("cannot add the accounts", error);
  g_clear_object (&db);

  if (sqlite3_open (template_db, &sql) != SQLITE_OK)
    die ("cannot open the template", NULL);
  insert_token (sql, ADMIN_TOKEN, "rc-admin");
  insert_token (sql, REVIEWER_TOKEN, "reviewer");
  /* One file, no -wal beside it, so that a copy of it is the whole. */
  if (sqlite3_exec (sql, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK)
    die (sqlite3_errmsg (sql), NULL);
  sqlite3_close (sql);
}

/* The work folder as the template left it: the database and nothing else. */
static void
reset_work_dir (void)
{
  g_autoptr(GFile) from = g_file_new_for_path (template_db);
  g_autoptr(GFile) to = g_file_new_for_path (work_db);
  g_autoptr(GError) error = NULL;

  fuzz_tmp_remove (work_dir);
  if (g_mkdir_with_parents (work_dir, 0700) != 0)
    die ("cannot make the work folder", NULL);
  if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    die ("cannot copy the template", error);
}

/* Writes @data to @fd (non-blocking) while the server runs; reads and
 * drops its answers until it closes the connection. */
static void
converse (int            fd,
          const uint8_t *data,
          size_t         size)
{
  size_t written = 0;
  gboolean shut = FALSE;
  gint64 last_progress = g_get_monotonic_time ();
  char buffer[16384];

  for (;;)
    {
      gboolean progress = FALSE;
      ssize_t n;

      if (written < size)
        {
          n = send (fd, data + written, size - written, MSG_NOSIGNAL);
          if (n > 0)
            {
              written += n;
              progress = TRUE;
            }
          else if (n < 0 && errno == EPIPE)
            written = size;   /* the server closed: the rest is not read */
          else if (n < 0 && errno != EAGAIN)
            die ("send", NULL);
        }
      if (written == size && !shut)
        {
          shutdown (fd, SHUT_WR);
          shut = TRUE;
        }
      n = recv (fd, buffer, sizeof buffer, 0);
      if (n == 0 && shut)
        return;   /* the server closed the connection */
      if (n > 0)
        {
          progress = TRUE;
          if (verbose)
            fwrite (buffer, 1, n, stderr);
        }
      else if (n < 0 && errno == ECONNRESET)
        return;
      else if (n < 0 && errno != EAGAIN)
        die ("recv", NULL);

      while (g_main_context_iteration (NULL, FALSE))
        progress = TRUE;
      if (progress)
        last_progress = g_get_monotonic_time ();
      else if (g_get_monotonic_time () - last_progress > STALL_US)
        {
          fprintf (stderr, "fuzz-server: the server neither answers nor closes the connection\n");
          abort ();
        }
      else
        {
          struct pollfd pfd = { fd, POLLIN | (written < size ? POLLOUT : 0), 0 };
          poll (&pfd, 1, POLL_MS);
        }
    }
}

/* One connection: @size bytes of @data to @server, its answers read. */
static void
connect_once (JgServer      *server,
              const uint8_t *data,
              size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) local = g_inet_socket_address_new_from_string ("127.0.0.1", 8437);
  g_autoptr(GSocketAddress) remote = g_inet_socket_address_new_from_string ("127.0.0.1", 40000);
  int fds[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    die ("socketpair", NULL);
  socket = g_socket_new_from_fd (fds[0], &error);
  if (socket == NULL)
    die ("g_socket_new_from_fd", error);
  connection = g_socket_connection_factory_create_connection (socket);
  if (!soup_server_accept_iostream (server->server, G_IO_STREAM (connection), local, remote, &error))
    die ("soup_server_accept_iostream", error);
  if (fcntl (fds[1], F_SETFL, O_NONBLOCK) != 0)
    die ("fcntl", NULL);

  converse (fds[1], data, size);
  close (fds[1]);
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgServerDb) db = NULL;
  g_autoptr(JgServer) server = NULL;

  if (template_db == NULL)
    make_template ();
  reset_work_dir ();

  db = jg_server_db_open (work_db, &error);
  if (db == NULL)
    die ("cannot open the copy of the database", error);
  server = jg_server_new (db);

  for (const uint8_t *start = data, *end = data + size; start <= end; )
    {
      const uint8_t *next = memmem (start, end - start, NEXT_CONNECTION, strlen (NEXT_CONNECTION));

      connect_once (server, start, (next ? next : end) - start);
      if (next == NULL)
        break;
      start = next + strlen (NEXT_CONNECTION);
    }

  /* Whatever the server still holds of the connections goes with it. */
  g_object_run_dispose (G_OBJECT (server));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return 0;
}
