/* jg-feed-reader.h — reads one paged feed (PROTOCOL.md, "Feeds")
 *
 * The one reader of the codes, catalogue and record-state feeds: from the
 * cursor kept in sync_cursor, page after page (the next page downloads
 * while the current one is applied), with the ETag of the last run, every
 * change handed to the caller in seq order, and each page checked against
 * the protocol (its feed, its cursors, its length) before the next is
 * trusted. At the end the cursor and ETag are written to sync_cursor. The
 * caller holds the transaction: a failure anywhere rolls everything back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-changes-parser.h"
#include "jg-http.h"
#include "jg-store.h"

G_BEGIN_DECLS

typedef struct {
  JgHttpClient  *http;
  JgStore       *store;
  GCancellable  *cancellable;
  const char    *feed;          /* "codes", "catalogue", "records" */
  guint          page_size;
  JgChangeFunc   apply;         /* each change, in seq order */
  /* After each page, its changes applied; may be NULL. */
  void         (*page_read)    (const JgChangesPage *page,
                                gpointer             user_data);
  gpointer       user_data;
} JgFeedReader;

typedef struct {
  gint64  cursor;               /* where the next run starts */
  guint   pages;                /* 0: nothing new since the last run (304) */
  guint   retry_after;          /* seconds, after a 429/503 */
} JgFeedResult;

gboolean jg_feed_reader_run (const JgFeedReader  *reader,
                             JgFeedResult        *result,
                             GError             **error);

G_END_DECLS
