/* jg-record-counts.c — every count of records, from one query
 *
 * One GROUP BY over the record table: a few dozen rows whatever its size,
 * each a (kind, state, being deleted, in the month) combination, summed
 * here into every figure. The grouping columns are what the list's own
 * filters test, so a state's count is what that filter lists.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-record-counts.h"
#include "jg-store-private.h"

gboolean
jg_record_counts_equal (const JgRecordCounts *a,
                        const JgRecordCounts *b)
{
  return memcmp (a, b, sizeof *a) == 0;
}

static void
add_row (JgRecordCounts *counts,
         JgRecordKind    kind,
         JgRecordState   state,
         gboolean        deleting,
         gboolean        in_month,
         guint           n)
{
  if (deleting)
    {
      /* The outbox never sends the deletion of a rejected record. */
      if (state != JG_RECORD_STATE_REJECTED)
        counts->deleting += n;
      return;
    }

  switch (state)
    {
    case JG_RECORD_STATE_DRAFT:    counts->drafts += n; break;
    case JG_RECORD_STATE_READY:    counts->ready += n; break;
    case JG_RECORD_STATE_SENDING:  counts->sending += n; break;
    case JG_RECORD_STATE_ACCEPTED: counts->accepted += n; break;
    case JG_RECORD_STATE_REJECTED: counts->rejected += n; break;
    default: return;
    }
  counts->total += n;
  counts->by_kind[kind] += n;
  if (in_month)
    counts->month_by_kind[kind] += n;
}

gboolean
jg_record_store_count (JgStore        *store,
                       const char     *month,
                       JgRecordCounts *counts,
                       GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (JG_IS_STORE (store), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  memset (counts, 0, sizeof *counts);
  stmt = jg_store_prepare (store,
                           "SELECT kind, state, deleting, month IS ?1, count(*)"
                           " FROM record GROUP BY 1, 2, 3, 4", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, month);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JgRecordKind kind;
      JgRecordState state;

      /* A kind or state this version does not know (a newer client wrote
       * it) is not one the pages can show either. */
      if (!jg_record_kind_from_string (jg_store_column_text (stmt, 0), &kind)
          || !jg_record_state_from_string (jg_store_column_text (stmt, 1), &state))
        continue;
      add_row (counts, kind, state, sqlite3_column_int (stmt, 2) != 0,
               month != NULL && sqlite3_column_int (stmt, 3) != 0,
               (guint) sqlite3_column_int64 (stmt, 4));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      memset (counts, 0, sizeof *counts);
      return jg_store_set_error (store, error, rc);
    }

  counts->pending = counts->ready + counts->sending + counts->deleting;
  if (month != NULL)
    g_strlcpy (counts->month, month, sizeof counts->month);
  return TRUE;
}
