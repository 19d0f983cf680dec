/* jg-account.h — signing in to the central server
 *
 * Login posts the user name and password once (PROTOCOL.md, "Accounts and
 * sessions") and keeps only the token the server answers with: in the
 * Secret Service (schema com.jieyang.Jianguan.Token, attributes server and
 * username) when one runs, otherwise in this process's memory only, which
 * jg_account_token_is_in_memory() reports so that the UI and the CLI can say
 * that the sign-in will not outlive the program. The password is never
 * stored anywhere.
 *
 * The department and role the server answered are written to the account's
 * database (jg_paths_database_for_server (url, username)) so that records
 * are written for that department.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The account database's meta key that holds the role the server
 * answered ("admin", "reviewer" or "city"; PROTOCOL.md, "Accounts and
 * sessions"), "" if it answered none. */
#define JG_ACCOUNT_META_ROLE "account.role"
#define JG_ACCOUNT_ROLE_REVIEWER "reviewer"
#define JG_ACCOUNT_ROLE_CITY "city"

#define JG_ACCOUNT_ERROR (jg_account_error_quark ())

typedef enum {
  JG_ACCOUNT_ERROR_WRONG_PASSWORD,   /* 401 on login */
  JG_ACCOUNT_ERROR_NOT_SIGNED_IN,    /* no token kept for this account */
  JG_ACCOUNT_ERROR_KEYRING,          /* the keyring refused to forget the token */
} JgAccountError;

GQuark jg_account_error_quark (void);

#define JG_TYPE_ACCOUNT (jg_account_get_type ())
G_DECLARE_FINAL_TYPE (JgAccount, jg_account, JG, ACCOUNT, GObject)

JgAccount   *jg_account_new                  (const char    *server_url,
                                              const char    *username);
void         jg_account_set_ca_file          (JgAccount     *self,
                                              const char    *ca_file);

const char  *jg_account_get_server_url       (JgAccount     *self);
const char  *jg_account_get_username         (JgAccount     *self);
/* After a login in this process, else NULL. */
const char  *jg_account_get_department       (JgAccount     *self);
const char  *jg_account_get_department_name  (JgAccount     *self);
const char  *jg_account_get_role             (JgAccount     *self);
gint64       jg_account_get_expires          (JgAccount     *self);

/* Blocking. On success the token is kept (keyring or memory) and the
 * account's database records the department. */
gboolean     jg_account_login                (JgAccount     *self,
                                              const char    *password,
                                              GCancellable  *cancellable,
                                              GError       **error);
void         jg_account_login_async          (JgAccount     *self,
                                              const char    *password,
                                              GCancellable  *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer       user_data);
gboolean     jg_account_login_finish         (JgAccount     *self,
                                              GAsyncResult  *result,
                                              GError       **error);

/* Revokes the token on the server (best effort) and forgets it locally.
 * Fails only if the local copy could not be removed; a server that cannot
 * be reached is reported through @server_error (may be NULL). */
gboolean     jg_account_logout               (JgAccount     *self,
                                              GCancellable  *cancellable,
                                              GError       **server_error,
                                              GError       **error);

/* The kept token, or NULL with JG_ACCOUNT_ERROR_NOT_SIGNED_IN. */
char        *jg_account_get_token            (JgAccount     *self,
                                              GError       **error);
/* TRUE when the token lives only in this process (no Secret Service). */
gboolean     jg_account_token_is_in_memory   (JgAccount     *self);
/* Forgets the token locally (after a 401: it is no longer valid), as far as
 * the keyring lets it; jg_account_logout reports a keyring that refuses. */
void         jg_account_forget_token         (JgAccount     *self);

/* The account the CLI uses for @server_url: the last one signed in. */
char        *jg_account_get_default_username (const char    *server_url);
void         jg_account_set_default_username (const char    *server_url,
                                              const char    *username);

G_END_DECLS
