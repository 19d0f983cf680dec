/* jg-server-workstations.h — the workstation codes of each department
 *
 * PROTOCOL.md, "Workstations": a client registers its installation once
 * per department and gets a short code (W01, W02, …) that it puts into
 * every record number it suggests, so that two workstations never number
 * two records alike, even offline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-server-db.h"

G_BEGIN_DECLS

/* 1–64 characters of A–Z a–z 0–9 and "-": what a client may call its
 * installation. */
gboolean jg_server_installation_is_valid     (const char   *installation);

/* The code of @installation in @department: the one it was given before,
 * or the next free one (registered by @username). One transaction. */
gboolean jg_server_db_register_workstation   (JgServerDb   *db,
                                              const char   *department,
                                              const char   *installation,
                                              const char   *username,
                                              char        **code,
                                              GError      **error);

G_END_DECLS
