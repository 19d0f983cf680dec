/* jg-server-accounts.h — accounts and bearer tokens of the reference server
 *
 * PROTOCOL.md, "Accounts and sessions". Passwords are stored as
 * crypto_pwhash_str hashes (interactive limits; JIANGUAN_SERVER_FAST_PWHASH=1
 * in the environment uses the minimum limits, for tests only). A token is 32
 * bytes from randombytes_buf, given to the client in base64url without
 * padding (43 characters); the database keeps only the SHA-256 of the bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-server-db.h"

G_BEGIN_DECLS

/* The city's data office: reads every department's figures, writes
 * nothing (PROTOCOL.md, "The city's view"). */
#define JG_SERVER_ROLE_CITY "city"

typedef struct {
  char *username;
  char *department;      /* credit code */
  char *role;            /* "admin" | "reviewer" | "city" */
  gint64 expires;        /* of the token that authenticated, unix time */
} JgServerAccount;

void              jg_server_account_free      (JgServerAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgServerAccount, jg_server_account_free)

/* Logs a request for another department's data:
 * FORBIDDEN user=… department=… wanted=<@wanted>. */
void              jg_server_account_log_forbidden (JgServerAccount *account,
                                                   const char      *wanted);

/* sodium_init(), once; FALSE if libsodium cannot work. */
gboolean          jg_server_accounts_init     (GError         **error);

/* Name of a department of the catalogue, or NULL if it has none. */
char             *jg_server_db_department_name (JgServerDb     *db,
                                                const char     *code);

/* Creates an account. Fails if @username is taken or not acceptable
 * (1–64 of A–Z a–z 0–9 . _ -), @role is not admin/reviewer/city, @password is
 * empty, or @department is not a department of the catalogue. */
gboolean          jg_server_db_add_account    (JgServerDb      *db,
                                               const char      *username,
                                               const char      *department,
                                               const char      *role,
                                               const char      *password,
                                               GError         **error);
/* Whether @username exists. */
gboolean          jg_server_db_has_account    (JgServerDb      *db,
                                               const char      *username,
                                               gboolean        *exists,
                                               GError         **error);

/* Checks the password and issues a token living @ttl seconds. Returns
 * FALSE with @error set only when the database fails; a wrong name or
 * password gives TRUE with *@account NULL. */
gboolean          jg_server_db_login          (JgServerDb      *db,
                                               const char      *username,
                                               const char      *password,
                                               gint64           ttl,
                                               char           **token,
                                               JgServerAccount **account,
                                               GError         **error);

/* The account of a live token: *@account NULL when the token is
 * malformed, unknown, expired or revoked. */
gboolean          jg_server_db_authenticate   (JgServerDb      *db,
                                               const char      *token,
                                               JgServerAccount **account,
                                               GError         **error);

/* Revokes @token (no-op if unknown). */
gboolean          jg_server_db_revoke_token   (JgServerDb      *db,
                                               const char      *token,
                                               GError         **error);

G_END_DECLS
