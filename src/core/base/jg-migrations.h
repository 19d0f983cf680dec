/* jg-migrations.h — the local database's schema, step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-store.h"

G_BEGIN_DECLS

/* Applies step @version (1-based) of an account's database inside the
 * caller's transaction. */
gboolean jg_migrations_apply (JgStore  *store,
                              int       version,
                              GError  **error);
/* Whether step @version needs the server's catalogue cache attached as
 * "catalogue" (the step that hands the account's own copy over). */
gboolean jg_migrations_needs_catalogue (int version);

/* The same for the server's catalogue cache (its own user_version). */
int      jg_migrations_catalogue_latest (void);
gboolean jg_migrations_apply_catalogue  (JgStore  *store,
                                         int       version,
                                         GError  **error);

G_END_DECLS
