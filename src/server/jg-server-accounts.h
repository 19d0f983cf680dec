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

/* Login runs in three steps (jg-server-login.c): the stored hash is read
 * on the request thread, the password verified in a worker thread, the
 * token issued on the request thread again. */

/* *@pwhash: the account's crypto_pwhash_str hash, NULL if there is no
 * such account. FALSE only when the database fails. */
gboolean          jg_server_db_get_password_hash (JgServerDb   *db,
                                                  const char   *username,
                                                  char        **pwhash,
                                                  GError      **error);
/* Thread-safe. Whether @password matches @pwhash; with @pwhash NULL
 * (no such account) it verifies against a dummy hash of the same cost
 * and returns FALSE, so that both take the same time. */
gboolean          jg_server_password_verify   (const char      *pwhash,
                                               const char      *password);
/* Makes the dummy hash now rather than on the first unknown user. */
void              jg_server_password_prepare  (void);
/* Issues a token of @username living @ttl seconds; *@account NULL if the
 * account no longer exists. */
gboolean          jg_server_db_issue_token    (JgServerDb      *db,
                                               const char      *username,
                                               gint64           ttl,
                                               char           **token,
                                               JgServerAccount **account,
                                               GError         **error);
/* Whether @username is 1–64 of A–Z a–z 0–9 . _ - (the only names an
 * account may have, so the only ones worth a log line). */
gboolean          jg_server_username_is_valid (const char      *username);

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

/* Revokes every live token of @username (`jianguan-server tokens revoke`). */
gboolean          jg_server_db_revoke_user_tokens (JgServerDb  *db,
                                                   const char  *username,
                                                   guint       *n_revoked,
                                                   GError     **error);

G_END_DECLS
