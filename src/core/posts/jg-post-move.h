/* jg-post-move.h — post drafts written signed out, moved into the account
 *
 * As jg-record-move.h for records: at sign-in the drafts of the signed-out
 * database (never sent) move into the account's, with their audit trail,
 * one more entry ("move", by the signed-in account) and their images (row
 * and file, content-addressed, so a file already there is not copied
 * again). Drafts of the account's department, or of none (they take it),
 * move; those of another department stay where they are.
 *
 * Two transactions, copy then delete, so that running it again after a
 * crash between them duplicates nothing and loses nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-post-store.h"

G_BEGIN_DECLS

/* Moves the drafts of @from into @to; *@moved counts those @to gained. */
gboolean jg_post_store_move_drafts (JgStore      *from,
                                    JgPostStore  *to,
                                    guint        *moved,
                                    GError      **error);

G_END_DECLS
