/* jg-record-counts.h — every count of records the app shows, from one query
 *
 * The header's "N pending", the Sync page, the Records page's filters and
 * the Overview all read one JgRecordCounts, filled by one query over the
 * record table, so that no two places can disagree about what "pending"
 * or "draft" means.
 *
 * A record being deleted is no longer one of the user's records: it counts
 * in no state and in no kind, only in @deleting (and so in @pending) until
 * the server has the deletion. A rejected record that was deleted is never
 * sent (the outbox leaves it out), so it counts nowhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-record.h"
#include "jg-record-schema.h"
#include "jg-store.h"

G_BEGIN_DECLS

/* "YYYY-MM" and its terminating zero. */
#define JG_RECORD_COUNTS_MONTH_SIZE 8

typedef struct {
  /* Records that are not being deleted, by state: each equals what the
   * Records list shows filtered by that state alone. */
  guint drafts;
  guint ready;
  guint sending;         /* sent, the server's answer not yet applied */
  guint accepted;
  guint rejected;
  guint total;           /* the sum of the five: the list unfiltered */
  guint deleting;        /* deletions not yet on the server */
  /* What a sync still has to deliver ("待报送"): ready + sending + deleting.
   * The one meaning of "pending" everywhere. */
  guint pending;
  guint by_kind[JG_RECORD_N_KINDS];
  /* Records of @month by the action's date (main date). */
  char  month[JG_RECORD_COUNTS_MONTH_SIZE];
  guint month_by_kind[JG_RECORD_N_KINDS];
} JgRecordCounts;

/* Fills @counts from @store; @month is "YYYY-MM" (NULL: no month counts).
 * On error @counts is all zeros. */
gboolean    jg_record_store_count            (JgStore        *store,
                                              const char     *month,
                                              JgRecordCounts *counts,
                                              GError        **error);

/* Whether two counts are the same figures. */
gboolean    jg_record_counts_equal           (const JgRecordCounts *a,
                                              const JgRecordCounts *b);

G_END_DECLS
