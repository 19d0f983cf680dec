/* jg-migrations.h — the local database's schema, step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-store.h"

G_BEGIN_DECLS

/* Applies step @version (1-based) of an account's database inside the
 * caller's transaction; from step 10 on, the server's catalogue cache must
 * be attached as "catalogue". */
gboolean jg_migrations_apply (JgStore  *store,
                              int       version,
                              GError  **error);

/* The same for the server's catalogue cache (its own user_version). */
int      jg_migrations_catalogue_latest (void);
gboolean jg_migrations_apply_catalogue  (JgStore  *store,
                                         int       version,
                                         GError  **error);

G_END_DECLS
