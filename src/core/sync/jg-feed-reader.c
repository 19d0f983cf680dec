/* jg-feed-reader.c — reads one paged feed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jg-feed-reader.h"
#include "jg-store-private.h"

static gboolean
set_malformed (const JgFeedReader  *reader,
               const char          *detail,
               GError             **error)
{
  return jg_http_set_malformed (jg_http_client_get_operation (reader->http), detail, error);
}

static gboolean
load_cursor (const JgFeedReader  *reader,
             gint64              *cursor,
             char               **etag,
             GError             **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_store_prepare (reader->store, "SELECT cursor, etag FROM sync_cursor WHERE feed = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, reader->feed, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *cursor = 0;
  *etag = NULL;
  if (rc == SQLITE_ROW)
    {
      *cursor = sqlite3_column_int64 (stmt, 0);
      *etag = g_strdup (jg_store_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return jg_store_set_error (reader->store, error, rc);
  return TRUE;
}

static gboolean
save_cursor (const JgFeedReader  *reader,
             gint64               cursor,
             const char          *etag,
             GError             **error)
{
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (reader->store,
                           "INSERT INTO sync_cursor (feed, cursor, etag) VALUES (?1, ?2, ?3)"
                           " ON CONFLICT (feed) DO UPDATE SET cursor = excluded.cursor,"
                           " etag = excluded.etag",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, reader->feed, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, cursor);
  sqlite3_bind_text (stmt, 3, etag, -1, SQLITE_STATIC);
  return jg_store_step_done (reader->store, stmt, error);
}

typedef struct {
  const JgFeedReader *reader;
  gint64              last_seq;
} PageState;

static gboolean
on_change (const JgChange  *change,
           gpointer         user_data,
           GError         **error)
{
  PageState *state = user_data;
  gint64 seq = jg_change_get_seq (change);

  if (seq <= state->last_seq)
    return set_malformed (state->reader, _("the changes are out of order"), error);
  state->last_seq = seq;
  return state->reader->apply (change, state->reader->user_data, error);
}

/* What is wrong with a parsed page (a translated detail), or NULL. */
static const char *
check_page (const JgChangesPage *page,
            const char          *feed,
            gint64               since,
            gint64               last_seq)
{
  if (!page->has_feed || !page->has_since || !page->has_cursor || !page->has_latest ||
      !page->has_more || !page->has_changes)
    return _("a member of the page is missing");
  if (g_strcmp0 (page->feed, feed) != 0)
    return _("the answer is for another feed");
  if (page->since != since || page->cursor < page->since || page->latest < page->cursor)
    return _("the cursors do not fit together");
  if (page->n_changes > 0 && last_seq != page->cursor)
    return _("the page cursor does not match its last change");
  if (page->more && page->n_changes == 0)
    return _("the server announced more changes but sent none");
  return NULL;
}

static char *
page_path (const JgFeedReader *reader,
           gint64              since)
{
  return g_strdup_printf ("api/v1/changes/%s?since=%" G_GINT64_FORMAT "&limit=%u",
                          reader->feed, since, reader->page_size);
}

gboolean
jg_feed_reader_run (const JgFeedReader  *reader,
                    JgFeedResult        *result,
                    GError             **error)
{
  g_autofree char *etag = NULL;
  g_autoptr(JgHttpCall) next = NULL;
  gint64 cursor;
  gboolean first = TRUE;

  memset (result, 0, sizeof *result);
  if (!load_cursor (reader, &cursor, &etag, error))
    return FALSE;

  for (;;)
    {
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) parse_error = NULL;
      JgHttpAnswer answer = { 0, };
      JgChangesPage page;
      PageState state = { reader, cursor };
      gint64 peek_cursor = -1;
      gboolean peek_more = FALSE;
      gboolean parsed;
      const char *problem;
      const char *data;
      gsize size;

      if (next != NULL)
        body = jg_http_call_finish (g_steal_pointer (&next), &answer, error);
      else
        {
          g_autofree char *path = page_path (reader, cursor);
          body = jg_http_client_send (reader->http, SOUP_METHOD_GET, path, NULL,
                                      first ? etag : NULL, &answer, reader->cancellable, error);
        }
      if (answer.not_modified)
        {
          jg_http_answer_clear (&answer);
          break;
        }
      if (body == NULL)
        {
          result->retry_after = answer.retry_after;
          jg_http_answer_clear (&answer);
          return FALSE;
        }

      result->pages++;
      data = g_bytes_get_data (body, &size);

      /* Ask for the next page now; it downloads while this one is applied. */
      if (jg_changes_peek (data, size, &peek_cursor, &peek_more) && peek_more &&
          peek_cursor > cursor)
        {
          g_autofree char *next_path = page_path (reader, peek_cursor);
          next = jg_http_call_start (reader->http, SOUP_METHOD_GET, next_path, NULL, NULL,
                                     reader->cancellable);
        }

      /* Changes are applied as they are read; on any error the caller rolls
       * the whole run back, so a bad page leaves nothing behind. */
      parsed = jg_changes_parse (data, size, &page, on_change, &state, &parse_error);
      if (!parsed)
        {
          jg_changes_page_clear (&page);
          jg_http_answer_clear (&answer);
          if (parse_error->domain == G_IO_ERROR)
            return set_malformed (reader, parse_error->message, error);
          g_propagate_error (error, g_steal_pointer (&parse_error));
          return FALSE;
        }

      /* A page that contradicts what was peeked, or that ends the feed,
       * makes the prefetched page useless. */
      if (next != NULL && (page.cursor != peek_cursor || !page.more))
        g_clear_pointer (&next, jg_http_call_discard);

      problem = check_page (&page, reader->feed, cursor, state.last_seq);
      jg_changes_page_clear (&page);
      if (problem != NULL)
        {
          jg_http_answer_clear (&answer);
          return set_malformed (reader, problem, error);
        }

      cursor = page.cursor;
      g_free (etag);
      etag = g_steal_pointer (&answer.etag);
      first = FALSE;

      if (reader->page_read != NULL)
        reader->page_read (&page, reader->user_data);
      if (!page.more)
        break;
    }

  result->cursor = cursor;
  return save_cursor (reader, cursor, etag, error);
}
