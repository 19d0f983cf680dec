/* jg-server-accounts.c — accounts and bearer tokens of the reference server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-accounts.h"
#include "jg-server-db-private.h"
#include "jg-server-log.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#define TOKEN_BYTES 32
#define MAX_USERNAME 64
#define MAX_PASSWORD 1024
/* How long an expired token is still known (as expired), in seconds. */
#define EXPIRED_TOKENS_KEPT (24 * 3600)

void
jg_server_account_free (JgServerAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->username);
  g_free (account->department);
  g_free (account->role);
  g_free (account);
}

void
jg_server_account_log_forbidden (JgServerAccount *account,
                                 const char      *wanted)
{
  /* @wanted may be a department a request named: escaped. */
  jg_server_log ("FORBIDDEN user=%s department=%s wanted=%s",
                 account->username, account->department, wanted);
}

gboolean
jg_server_accounts_init (GError **error)
{
  static gsize done = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&done))
    {
      ok = sodium_init () >= 0;
      g_once_init_leave (&done, 1);
    }
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "libsodium could not be initialised");
  return ok;
}

/* crypto_pwhash_str with the interactive limits, or with the minimum ones
 * when JIANGUAN_SERVER_FAST_PWHASH=1 (tests only). */
static gboolean
hash_password (char        hash[crypto_pwhash_STRBYTES],
               const char *password,
               gsize       length)
{
  gboolean fast = g_strcmp0 (g_getenv ("JIANGUAN_SERVER_FAST_PWHASH"), "1") == 0;

  return crypto_pwhash_str (hash, password, length,
                            fast ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            fast ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

char *
jg_server_db_department_name (JgServerDb *db,
                              const char *code)
{
  sqlite3_stmt *stmt;
  char *name = NULL;

  stmt = jg_server_db_prepare_cached (db,
                                      "SELECT data FROM change WHERE feed = 'catalogue'"
                                      " AND type = 'department' AND key = ?1 AND op = 'put'",
                                      NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      const char *data = (const char *) sqlite3_column_text (stmt, 0);

      if (data != NULL && json_parser_load_from_data (parser, data, -1, NULL))
        {
          JsonNode *root = json_parser_get_root (parser);
          if (JSON_NODE_HOLDS_OBJECT (root))
            {
              const char *n = json_object_get_string_member_with_default (json_node_get_object (root),
                                                                          "name", NULL);
              name = g_strdup (n != NULL ? n : "");
            }
        }
      if (name == NULL)
        name = g_strdup ("");
    }
  sqlite3_reset (stmt);
  return name;
}

gboolean
jg_server_username_is_valid (const char *username)
{
  gsize len = username != NULL ? strlen (username) : 0;

  if (len == 0 || len > MAX_USERNAME)
    return FALSE;
  for (const char *p = username; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

gboolean
jg_server_db_has_account (JgServerDb  *db,
                          const char  *username,
                          gboolean    *exists,
                          GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_server_db_prepare_cached (db, "SELECT 1 FROM account WHERE username = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *exists = rc == SQLITE_ROW;
  return jg_server_db_stepped (db, stmt, rc, "Could not read the accounts", error);
}

gboolean
jg_server_db_add_account (JgServerDb  *db,
                          const char  *username,
                          const char  *department,
                          const char  *role,
                          const char  *password,
                          GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];
  g_autofree char *dept_name = NULL;
  sqlite3_stmt *stmt;
  gboolean exists;
  gboolean ok;

  if (!jg_server_accounts_init (error))
    return FALSE;
  if (!jg_server_username_is_valid (username))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "A user name has 1 to %d characters among A–Z, a–z, 0–9, “.”, “_” and “-”",
                   MAX_USERNAME);
      return FALSE;
    }
  if (g_strcmp0 (role, "admin") != 0 && g_strcmp0 (role, "reviewer") != 0 &&
      g_strcmp0 (role, JG_SERVER_ROLE_CITY) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The role is “admin”, “reviewer” or “city”, not “%s”", role ? role : "");
      return FALSE;
    }
  if (password == NULL || *password == '\0' || strlen (password) > MAX_PASSWORD)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The password must not be empty (and at most %d bytes)", MAX_PASSWORD);
      return FALSE;
    }
  dept_name = department != NULL ? jg_server_db_department_name (db, department) : NULL;
  if (dept_name == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "There is no department %s in the server's catalogue (load the catalogue first)",
                   department ? department : "");
      return FALSE;
    }
  if (!jg_server_db_has_account (db, username, &exists, error))
    return FALSE;
  if (exists)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "There is already an account “%s”", username);
      return FALSE;
    }

  if (!hash_password (hash, password, strlen (password)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Out of memory while hashing the password");
      return FALSE;
    }

  stmt = jg_server_db_prepare_cached (db,
                                      "INSERT INTO account (username, department, role, pwhash, created)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, department, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, role, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, now_seconds ());
  ok = jg_server_db_step_done (db, stmt, "Could not write the account", error);
  sodium_memzero (hash, sizeof hash);
  return ok;
}

/* A hash to verify against when the user does not exist, so that an unknown
 * name takes as long as a wrong password. */
static const char *
dummy_hash (void)
{
  static char hash[crypto_pwhash_STRBYTES];
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      char pw[16];
      randombytes_buf (pw, sizeof pw);
      if (!hash_password (hash, pw, sizeof pw))
        hash[0] = '\0';
      g_once_init_leave (&done, 1);
    }
  return hash;
}

static gboolean
decode_token (const char *token,
              guchar      digest[crypto_hash_sha256_BYTES])
{
  guchar raw[TOKEN_BYTES];
  size_t len = 0;

  if (token == NULL || strlen (token) != sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING) - 1)
    return FALSE;
  if (sodium_base642bin (raw, sizeof raw, token, strlen (token), NULL, &len, NULL,
                         sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || len != TOKEN_BYTES)
    return FALSE;
  crypto_hash_sha256 (digest, raw, sizeof raw);
  return TRUE;
}

gboolean
jg_server_db_get_password_hash (JgServerDb  *db,
                                const char  *username,
                                char       **pwhash,
                                GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *pwhash = NULL;
  stmt = jg_server_db_prepare_cached (db, "SELECT pwhash FROM account WHERE username = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *pwhash = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return jg_server_db_stepped (db, stmt, rc, "Could not read the accounts", error);
}

void
jg_server_password_prepare (void)
{
  dummy_hash ();
}

gboolean
jg_server_password_verify (const char *pwhash,
                           const char *password)
{
  /* An unknown user costs one verification too, against a hash made with
   * the same limits, so the answer takes as long as a wrong password's. */
  gboolean ok = crypto_pwhash_str_verify (pwhash != NULL ? pwhash : dummy_hash (),
                                          password, strlen (password)) == 0;

  return ok && pwhash != NULL;
}

gboolean
jg_server_db_issue_token (JgServerDb       *db,
                          const char       *username,
                          gint64            ttl,
                          char            **token,
                          JgServerAccount **account,
                          GError          **error)
{
  g_autofree char *department = NULL;
  g_autofree char *role = NULL;
  guchar raw[TOKEN_BYTES];
  guchar digest[crypto_hash_sha256_BYTES];
  char encoded[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sqlite3_stmt *stmt;
  gint64 now = now_seconds ();
  int rc;

  *token = NULL;
  *account = NULL;
  stmt = jg_server_db_prepare_cached (db, "SELECT department, role FROM account WHERE username = ?1",
                                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      department = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      role = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  if (!jg_server_db_stepped (db, stmt, rc, "Could not read the accounts", error))
    return FALSE;
  if (department == NULL)
    return TRUE;   /* removed while its password was checked */

  randombytes_buf (raw, sizeof raw);
  crypto_hash_sha256 (digest, raw, sizeof raw);
  sodium_bin2base64 (encoded, sizeof encoded, raw, sizeof raw,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (raw, sizeof raw);

  /* Forget tokens that ended more than a day ago. */
  stmt = jg_server_db_prepare_cached (db, "DELETE FROM token WHERE expires < ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now - EXPIRED_TOKENS_KEPT);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);

  stmt = jg_server_db_prepare_cached (db,
                                      "INSERT INTO token (hash, username, created, expires)"
                                      " VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, digest, sizeof digest, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, now + ttl);
  if (!jg_server_db_step_done (db, stmt, "Could not write the token", error))
    return FALSE;

  *token = g_strdup (encoded);
  sodium_memzero (encoded, sizeof encoded);
  *account = g_new0 (JgServerAccount, 1);
  (*account)->username = g_strdup (username);
  (*account)->department = g_steal_pointer (&department);
  (*account)->role = g_steal_pointer (&role);
  (*account)->expires = now + ttl;
  return TRUE;
}

gboolean
jg_server_db_authenticate (JgServerDb       *db,
                           const char       *token,
                           JgServerAccount **account,
                           GError          **error)
{
  guchar digest[crypto_hash_sha256_BYTES];
  sqlite3_stmt *stmt;
  int rc;

  *account = NULL;
  if (!decode_token (token, digest))
    return TRUE;

  stmt = jg_server_db_prepare_cached (db,
                                      "SELECT a.username, a.department, a.role, t.expires"
                                      " FROM token t JOIN account a ON a.username = t.username"
                                      " WHERE t.hash = ?1 AND t.revoked = 0 AND t.expires > ?2",
                                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, digest, sizeof digest, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now_seconds ());
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *account = g_new0 (JgServerAccount, 1);
      (*account)->username = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      (*account)->department = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      (*account)->role = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      (*account)->expires = sqlite3_column_int64 (stmt, 3);
    }
  return jg_server_db_stepped (db, stmt, rc, "Could not read the tokens", error);
}

gboolean
jg_server_db_revoke_token (JgServerDb  *db,
                           const char  *token,
                           GError     **error)
{
  guchar digest[crypto_hash_sha256_BYTES];
  sqlite3_stmt *stmt;

  if (!decode_token (token, digest))
    return TRUE;
  stmt = jg_server_db_prepare_cached (db, "UPDATE token SET revoked = 1 WHERE hash = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, digest, sizeof digest, SQLITE_TRANSIENT);
  return jg_server_db_step_done (db, stmt, "Could not revoke the token", error);
}

gboolean
jg_server_db_revoke_user_tokens (JgServerDb  *db,
                                 const char  *username,
                                 guint       *n_revoked,
                                 GError     **error)
{
  sqlite3_stmt *stmt;

  *n_revoked = 0;
  stmt = jg_server_db_prepare_cached (db,
                                      "UPDATE token SET revoked = 1"
                                      " WHERE username = ?1 AND revoked = 0 AND expires > ?2",
                                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now_seconds ());
  if (!jg_server_db_step_done (db, stmt, "Could not revoke the tokens", error))
    return FALSE;
  *n_revoked = (guint) sqlite3_changes (jg_server_db_get_sqlite (db));
  return TRUE;
}
