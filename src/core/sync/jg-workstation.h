/* jg-workstation.h — registering this workstation with the server
 *
 * PROTOCOL.md, "Workstations": the account's database keeps an
 * installation id chosen once (a random UUID) and the code the server
 * gives it for the account's department (W01, W02, …), which every record
 * number this workstation suggests contains
 * (jg_record_store_suggest_number()): two workstations of one department
 * can never number two records alike, even offline. Registering is
 * idempotent, so it runs at every sign-in (jg_account_login()) and, when
 * the code is still missing, before the outbox pushes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-http.h"
#include "jg-store.h"

G_BEGIN_DECLS

/* Blocking: registers the installation of @store's account with the
 * server of @http (which carries the account's token) and keeps the code
 * in @store. */
gboolean jg_workstation_register (JgHttpClient  *http,
                                  JgStore       *store,
                                  GCancellable  *cancellable,
                                  GError       **error);

G_END_DECLS
