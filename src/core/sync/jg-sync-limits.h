/* jg-sync-limits.h — the numbers the sync engines and the HTTP layer share
 *
 * Named once here so that the protocol's limits (PROTOCOL.md) and our own
 * tuning are not repeated as bare numbers in each engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-protocol.h"

/* Seconds before libsoup gives up on a silent connection or an idle one. */
#define JG_HTTP_TIMEOUT_S 60
/* When a busy server (429/503) gives no usable Retry-After: a minute. */
#define JG_HTTP_DEFAULT_RETRY_AFTER_S 60
/* A Retry-After longer than a day is not believed. */
#define JG_HTTP_MAX_RETRY_AFTER_S 86400

/* Back-off of the outbox after a failed run: doubles from the first delay
 * up to the last. */
#define JG_SYNC_BACKOFF_FIRST_S 30
#define JG_SYNC_BACKOFF_MAX_S 3600

/* Feed pages we ask for (the protocol's bounds are in jg-protocol.h). */
#define JG_CATALOGUE_PAGE_SIZE JG_PROTOCOL_DEFAULT_PAGE_SIZE
#define JG_RECORDS_FEED_PAGE_SIZE 5000

/* SQLite page caches of the sync connections, in KiB. One catalogue
 * transaction may write the whole catalogue; a push walks the record table
 * and its indexes batch after batch. Both are far above SQLite's 2 MB. */
#define JG_CATALOGUE_SYNC_CACHE_KIB 131072
#define JG_OUTBOX_CACHE_KIB 65536
/* Pages of WAL before a push checkpoints: fewer, bigger checkpoints. */
#define JG_OUTBOX_WAL_AUTOCHECKPOINT 16384

/* The posts sync (jg-posts-sync.c). A post can be tens of kilobytes (a
 * 20,000-character body): the posts feed is read in small pages and posts
 * go in small batches, so that one answer is applied before the next
 * request. Images go up in chunks, each a point to resume from. */
#define JG_POSTS_FEED_PAGE_SIZE 100
#define JG_WORDING_FEED_PAGE_SIZE JG_PROTOCOL_DEFAULT_PAGE_SIZE
#define JG_POSTS_PUSH_BATCH 20
#define JG_POSTS_IMAGE_CHUNK_BYTES (256 * 1024)
#define JG_POSTS_SYNC_CACHE_KIB 16384
