/* fuzz-feeds.c — libFuzzer target for the records and posts feeds of the client
 *
 * The input is a feed page as a server sends it. A JgOutbox run (nothing
 * to push: it reads the record-state feed, each state and each server copy
 * of a record applied by the record store) and a JgPostsSync run (the
 * posts feed: states, copies, sign-offs, the images they name) read it
 * from an HTTP server of this process's own (a SoupServer in a thread on
 * 127.0.0.1), which answers GET /api/v1/changes/records and
 * /api/v1/changes/posts with the input, the wording feed with an empty
 * page, the quota with no columns and everything else with 404. A run
 * either succeeds or fails with an error; it never crashes, and the
 * account database stays readable. FUZZ_FEEDS_LOG=1 says what each did.
 *
 * No state lives from one input to the next: each gets a fresh copy of
 * one account database made once per process (and of its catalogue
 * cache), in fuzz-tmp.c's folder.
 *
 * Build: meson setup with -Dfuzzing=true (HACKING.md, "Fuzzing"); the
 * default build links it with fuzz-main.c and replays corpus-feeds/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-tmp.h"
#include "jg-outbox.h"
#include "jg-posts-sync.h"
#include "jg-store.h"

#define EMPTY_WORDING "{\"feed\":\"wording\",\"since\":0,\"cursor\":0,\"latest\":0,\"more\":false,\"changes\":[]}"
#define NO_QUOTA "{\"columns\":[]}"
#define NOT_FOUND "{\"error\":\"not-found\",\"message\":\"no such path\"}"

static GMutex lock;
static GBytes *page;          /* what the feeds answer, under lock */
static char *url;
static char *template_db;
static char *work_dir;
static char *work_db;

static gboolean verbose;   /* FUZZ_FEEDS_LOG=1: what each run did */


static void
die (const char *what,
     GError     *error)
{
  fprintf (stderr, "fuzz-feeds: %s: %s\n", what, error ? error->message : "");
  abort ();
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  g_autoptr(GBytes) body = NULL;
  guint status = SOUP_STATUS_OK;

  if (g_str_equal (path, "/api/v1/changes/records") || g_str_equal (path, "/api/v1/changes/posts"))
    {
      g_mutex_lock (&lock);
      body = g_bytes_ref (page);
      g_mutex_unlock (&lock);
    }
  else if (g_str_equal (path, "/api/v1/changes/wording"))
    body = g_bytes_new_static (EMPTY_WORDING, strlen (EMPTY_WORDING));
  else if (g_str_equal (path, "/api/v1/posts/quota"))
    body = g_bytes_new_static (NO_QUOTA, strlen (NO_QUOTA));
  else
    {
      status = SOUP_STATUS_NOT_FOUND;
      body = g_bytes_new_static (NOT_FOUND, strlen (NOT_FOUND));
    }
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static gpointer
serve (gpointer data)
{
  GMainContext *context = data;
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);

  /* The connections libsoup accepts attach to this thread's default. */
  g_main_context_push_thread_default (context);
  g_main_loop_run (loop);
  return NULL;
}

static char *
sibling (const char *db,
         const char *what)
{
  g_autofree char *stem = g_strndup (db, strlen (db) - strlen (".db"));
  return g_strconcat (stem, what, NULL);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) a = g_file_new_for_path (from);
  g_autoptr(GFile) b = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  if (!g_file_copy (a, b, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    die ("cannot copy the template", error);
}

static void
set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSList) uris = NULL;
  GMainContext *context = g_main_context_new ();
  g_autofree char *dir = fuzz_tmp_dir_new ("feeds");

  verbose = g_strcmp0 (g_getenv ("FUZZ_FEEDS_LOG"), "1") == 0;
  template_db = g_build_filename (dir, "template.db", NULL);
  work_dir = g_build_filename (dir, "work", NULL);
  work_db = g_build_filename (work_dir, "work.db", NULL);

  store = jg_store_open (template_db, &error);
  if (store == NULL)
    die ("cannot make the account database", error);
  g_clear_object (&store);

  page = g_bytes_new (NULL, 0);
  g_main_context_push_thread_default (context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, on_request, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    die ("cannot listen", error);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  g_main_context_pop_thread_default (context);
  g_steal_pointer (&server);   /* serves until the process ends */
  g_thread_unref (g_thread_new ("fuzz-feeds-server", serve, context));
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JgOutbox) outbox = NULL;
  g_autoptr(JgPostsSync) posts = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *template_catalogue = NULL;
  g_autofree char *work_catalogue = NULL;
  JgOutboxResult outbox_result;
  JgPostsSyncResult posts_result;

  if (url == NULL)
    set_up ();
  /* The account's files, its catalogue cache and its images folder. */
  fuzz_tmp_remove (work_dir);
  if (g_mkdir_with_parents (work_dir, 0700) != 0)
    die ("cannot make the work folder", NULL);
  template_catalogue = sibling (template_db, "-catalogue.db");
  work_catalogue = sibling (work_db, "-catalogue.db");
  copy_file (template_db, work_db);
  copy_file (template_catalogue, work_catalogue);

  g_mutex_lock (&lock);
  g_bytes_unref (page);
  page = g_bytes_new (data, size);
  g_mutex_unlock (&lock);

  outbox = jg_outbox_new (work_db, url, "fuzz-token");
  if (!jg_outbox_run (outbox, &outbox_result, NULL, &error))
    {
      if (error == NULL)
        abort ();
      if (verbose)
        fprintf (stderr, "records: %s\n", error->message);
      g_clear_error (&error);
    }
  else if (verbose)
    fprintf (stderr, "records: %u states, %u restored, %u removed\n", outbox_result.states_applied,
             outbox_result.restored, outbox_result.removed);
  posts = jg_posts_sync_new (work_db, url, "fuzz-token");
  if (!jg_posts_sync_run (posts, &posts_result, NULL, &error))
    {
      if (error == NULL)
        abort ();
      if (verbose)
        fprintf (stderr, "posts: %s\n", error->message);
      g_clear_error (&error);
    }
  else if (verbose)
    fprintf (stderr, "posts: %u updated\n", posts_result.posts_updated);

  /* What the runs left is an account database this program opens. */
  store = jg_store_open_existing (work_db, &error);
  if (store == NULL)
    die ("the account database no longer opens", error);
  return 0;
}
