/* jg-record-move.h — drafts written signed out, moved into the account
 *
 * Before the first sign-in, records are written into the server's
 * signed-out database (jg_paths_database_for_server (url, NULL)); after it,
 * the account's own database is used. On sign-in the drafts of the
 * signed-out store move into the account's store, so that nothing written
 * offline vanishes from view: those of the account's department at once,
 * those of another department (or of none) only when the user says so,
 * taking the account's department.
 *
 * A move is two transactions, one per database, in an order that makes
 * running it again always safe: first the drafts are copied into the
 * account's store (a uuid already there is left alone), then the
 * signed-out store drops the drafts the account's store now holds. A crash
 * between the two loses nothing and, run again, duplicates nothing.
 *
 * Each moved draft keeps its audit trail and gets one more entry, action
 * "move", by the signed-in account. A number the app suggested and nobody
 * changed is replaced by a fresh suggestion of the account's store
 * (jg_record_store_suggest_number), so that two stores' sequences do not
 * collide; a number someone typed is kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-store.h"

G_BEGIN_DECLS

typedef enum {
  JG_RECORD_MOVE_SAME_DEPARTMENT,   /* drafts of the account's department */
  JG_RECORD_MOVE_OTHER_DEPARTMENTS, /* drafts of any other, or of none */
} JgRecordMoveScope;

/* Counts the drafts of @from in each scope, relative to @department. */
gboolean jg_record_store_count_drafts_to_move (JgStore            *from,
                                               const char         *department,
                                               guint              *same,
                                               guint              *other,
                                               GError            **error);

/* Moves the drafts of @from in @scope into @to, whose department
 * (jg_record_store_get_department) is the account's; drafts of another
 * department take it. *@moved counts the drafts @to gained (0 when an
 * earlier, interrupted run had already copied them). */
gboolean jg_record_store_move_drafts          (JgStore            *from,
                                               JgStore            *to,
                                               JgRecordMoveScope   scope,
                                               guint              *moved,
                                               GError            **error);

G_END_DECLS
