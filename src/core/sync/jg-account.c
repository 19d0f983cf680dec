/* jg-account.c — signing in to the central server
 *
 * See jg-account.h and src/server/PROTOCOL.md ("Accounts and sessions").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "jg-account.h"
#include "jg-http.h"
#include "jg-catalogue-sync.h"
#include "jg-paths.h"
#include "jg-record-store.h"
#include "jg-store.h"
#include "jg-workstation.h"

G_DEFINE_QUARK (jg-account-error-quark, jg_account_error)

struct _JgAccount
{
  GObject  parent_instance;
  char    *server_url;    /* canonical (jg_paths_canonical_server_url) */
  char    *typed_url;     /* as given, if it differs: older keyring items */
  char    *username;
  char    *ca_file;
  char    *department;
  char    *department_name;
  char    *role;
  gint64   expires;
};

G_DEFINE_FINAL_TYPE (JgAccount, jg_account, G_TYPE_OBJECT)

/* --- token storage -------------------------------------------------------- */

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "com.jieyang.Jianguan.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };
  return &schema;
}

/* Tokens kept for this process when there is no Secret Service:
 * "server\nusername" → token. */
static GMutex memory_lock;
static GHashTable *memory_tokens;

static char *
memory_key (JgAccount *self)
{
  return g_strconcat (self->server_url, "\n", self->username, NULL);
}

static void
memory_set (JgAccount  *self,
            const char *token)
{
  g_mutex_lock (&memory_lock);
  if (memory_tokens == NULL)
    memory_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (token != NULL)
    g_hash_table_insert (memory_tokens, memory_key (self), g_strdup (token));
  else
    {
      g_autofree char *key = memory_key (self);
      g_hash_table_remove (memory_tokens, key);
    }
  g_mutex_unlock (&memory_lock);
}

static char *
memory_get (JgAccount *self)
{
  g_autofree char *key = memory_key (self);
  char *token = NULL;

  g_mutex_lock (&memory_lock);
  if (memory_tokens != NULL)
    token = g_strdup (g_hash_table_lookup (memory_tokens, key));
  g_mutex_unlock (&memory_lock);
  return token;
}

/* --- object --------------------------------------------------------------- */

static void
jg_account_finalize (GObject *object)
{
  JgAccount *self = JG_ACCOUNT (object);

  g_free (self->server_url);
  g_free (self->typed_url);
  g_free (self->username);
  g_free (self->ca_file);
  g_free (self->department);
  g_free (self->department_name);
  g_free (self->role);

  G_OBJECT_CLASS (jg_account_parent_class)->finalize (object);
}

static void
jg_account_class_init (JgAccountClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jg_account_finalize;
}

static void
jg_account_init (JgAccount *self)
{
}

JgAccount *
jg_account_new (const char *server_url,
                const char *username)
{
  JgAccount *self = g_object_new (JG_TYPE_ACCOUNT, NULL);

  /* The token is kept under one spelling of the address, so that
   * "http://host:8437" and "http://host:8437/" are the same account, as
   * they are for the account's database. */
  self->server_url = jg_paths_canonical_server_url (server_url);
  if (self->server_url == NULL)
    self->server_url = g_strdup (server_url);
  else if (g_strcmp0 (self->server_url, server_url) != 0)
    self->typed_url = g_strdup (server_url);
  self->username = g_strdup (username);
  return self;
}

void
jg_account_set_ca_file (JgAccount  *self,
                        const char *ca_file)
{
  g_return_if_fail (JG_IS_ACCOUNT (self));

  g_free (self->ca_file);
  self->ca_file = (ca_file && *ca_file) ? g_strdup (ca_file) : NULL;
}

const char *jg_account_get_server_url (JgAccount *self) { return self->server_url; }
const char *jg_account_get_username (JgAccount *self) { return self->username; }
const char *jg_account_get_department (JgAccount *self) { return self->department; }
const char *jg_account_get_department_name (JgAccount *self) { return self->department_name; }
const char *jg_account_get_role (JgAccount *self) { return self->role; }
gint64 jg_account_get_expires (JgAccount *self) { return self->expires; }

/* --- login ---------------------------------------------------------------- */

static gboolean
keep_department (JgAccount  *self,
                 GError    **error)
{
  g_autofree char *db_path = NULL;
  g_autoptr(JgStore) store = NULL;

  db_path = jg_paths_database_for_server (self->server_url, self->username, error);
  if (db_path == NULL)
    return FALSE;
  store = jg_store_open (db_path, error);
  if (store == NULL)
    return FALSE;
  return jg_record_store_set_department (store, self->department, error)
         && jg_store_set_meta (store, "account.username", self->username, error)
         && jg_store_set_meta (store, JG_ACCOUNT_META_ROLE, self->role ? self->role : "", error)
         && jg_store_set_meta (store, "account.department_name",
                               self->department_name ? self->department_name : "", error);
}

/* Registers this workstation for the account's department, so that the
 * numbers it suggests are its own (jg-workstation.h). Best effort: the
 * sign-in stands without it, and the outbox tries again before it pushes. */
static void
register_workstation (JgAccount    *self,
                      const char   *token,
                      GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgHttpClient) http = NULL;

  db_path = jg_paths_database_for_server (self->server_url, self->username, &error);
  if (db_path != NULL)
    store = jg_store_open (db_path, &error);
  if (store != NULL)
    http = jg_http_client_new (self->server_url, self->ca_file, token, JG_HTTP_FOR_SIGN_IN, &error);
  if (http == NULL || !jg_workstation_register (http, store, cancellable, &error))
    g_debug ("The workstation is not registered yet (%s); the next sync tries again",
             error != NULL ? error->message : "?");
}

/* Is @error the absence of a Secret Service (as opposed to a keyring that
 * is there but refused: locked, dismissed prompt)? */
static gboolean
is_no_secret_service (const GError *error)
{
  return error->domain == G_DBUS_ERROR || error->domain == G_IO_ERROR ||
         g_error_matches (error, SECRET_ERROR, SECRET_ERROR_PROTOCOL);
}

static gboolean
clear_items (JgAccount  *self,
             GError    **error)
{
  const char *urls[] = { self->server_url, self->typed_url };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (urls[i] == NULL)
        continue;
      secret_password_clear_sync (token_schema (), NULL, &local_error,
                                  "server", urls[i], "username", self->username, NULL);
      if (local_error != NULL && !is_no_secret_service (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
store_token (JgAccount  *self,
             const char *token)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *label = g_strdup_printf ("Jianguan: %s @ %s", self->username, self->server_url);

  if (secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                                  NULL, &error,
                                  "server", self->server_url,
                                  "username", self->username,
                                  NULL))
    {
      memory_set (self, NULL);
      if (self->typed_url != NULL)
        secret_password_clear_sync (token_schema (), NULL, NULL,
                                    "server", self->typed_url, "username", self->username, NULL);
      return TRUE;
    }

  if (error != NULL)
    g_debug ("The keyring did not take the token (%s): it is kept in memory only", error->message);
  /* An older token of this account must not outlive this one. */
  clear_items (self, NULL);
  memory_set (self, token);
  return FALSE;
}

gboolean
jg_account_login (JgAccount     *self,
                  const char    *password,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(JgHttpClient) http = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) answer = NULL;
  JsonObject *object;
  const char *token;
  char *text;
  gsize length;
  JgHttpAnswer info;

  g_return_val_if_fail (JG_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  http = jg_http_client_new (self->server_url, self->ca_file, NULL, JG_HTTP_FOR_SIGN_IN, error);
  if (http == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, self->username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  length = strlen (text);
  request = g_bytes_new_with_free_func (text, length, (GDestroyNotify) g_free, text);

  answer = jg_http_client_send (http, SOUP_METHOD_POST, "api/v1/login", request, NULL, &info,
                                cancellable, error);
  jg_http_answer_clear (&info);
  /* The request body held the password: wipe it. */
  explicit_bzero (text, length);
  if (answer == NULL)
    return FALSE;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                   g_bytes_get_size (answer), NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto malformed;
  object = json_node_get_object (json_parser_get_root (parser));
  token = json_object_get_string_member_with_default (object, "token", NULL);
  if (token == NULL || *token == '\0' ||
      json_object_get_string_member_with_default (object, "department", NULL) == NULL)
    goto malformed;

  g_free (self->department);
  self->department = g_strdup (json_object_get_string_member (object, "department"));
  g_free (self->department_name);
  self->department_name = g_strdup (json_object_get_string_member_with_default (object, "department_name", NULL));
  g_free (self->role);
  self->role = g_strdup (json_object_get_string_member_with_default (object, "role", NULL));
  self->expires = json_object_get_int_member_with_default (object, "expires", 0);

  if (!keep_department (self, error))
    return FALSE;
  store_token (self, token);
  register_workstation (self, token, cancellable);
  return TRUE;

malformed:
  return jg_http_set_malformed (JG_HTTP_FOR_SIGN_IN, NULL, error);
}

static void
login_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (jg_account_login (source_object, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
wipe_password (gpointer data)
{
  char *password = data;

  explicit_bzero (password, strlen (password));
  g_free (password);
}

void
jg_account_login_async (JgAccount           *self,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (JG_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, jg_account_login_async);
  g_task_set_task_data (task, g_strdup (password), wipe_password);
  g_task_run_in_thread (task, login_thread);
}

gboolean
jg_account_login_finish (JgAccount     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- token ---------------------------------------------------------------- */

char *
jg_account_get_token (JgAccount  *self,
                      GError    **error)
{
  g_autoptr(GError) keyring_error = NULL;
  char *token = memory_get (self);
  const char *urls[] = { self->server_url, self->typed_url };

  for (guint i = 0; token == NULL && i < G_N_ELEMENTS (urls) && keyring_error == NULL; i++)
    {
      char *secret;

      if (urls[i] == NULL)
        continue;
      secret = secret_password_lookup_sync (token_schema (), NULL, &keyring_error,
                                            "server", urls[i],
                                            "username", self->username,
                                            NULL);
      if (secret != NULL)
        {
          token = g_strdup (secret);
          secret_password_free (secret);
        }
    }

  if (token == NULL && keyring_error != NULL && !is_no_secret_service (keyring_error))
    g_set_error (error, JG_ACCOUNT_ERROR, JG_ACCOUNT_ERROR_NOT_SIGNED_IN,
                 _("The keyring could not be read (%s). Unlock it, or sign in as %s again; "
                   "your records are kept."), keyring_error->message, self->username);
  else if (token == NULL)
    g_set_error (error, JG_ACCOUNT_ERROR, JG_ACCOUNT_ERROR_NOT_SIGNED_IN,
                 _("You are not signed in as %s. Sign in to send records; nothing was sent "
                   "and your records are kept."), self->username);
  return token;
}

gboolean
jg_account_token_is_in_memory (JgAccount *self)
{
  g_autofree char *token = memory_get (self);

  return token != NULL;
}

static gboolean
forget_token (JgAccount  *self,
              GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  memory_set (self, NULL);
  if (!clear_items (self, &local_error))
    {
      g_set_error (error, JG_ACCOUNT_ERROR, JG_ACCOUNT_ERROR_KEYRING,
                   _("The sign-in could not be removed from the keyring (%s). Unlock the "
                     "keyring and sign out again."), local_error->message);
      return FALSE;
    }
  return TRUE;
}

void
jg_account_forget_token (JgAccount *self)
{
  g_autoptr(GError) error = NULL;

  if (!forget_token (self, &error))
    g_warning ("%s", error->message);
}

gboolean
jg_account_logout (JgAccount     *self,
                   GCancellable  *cancellable,
                   GError       **server_error,
                   GError       **error)
{
  g_autofree char *token = jg_account_get_token (self, NULL);

  if (token != NULL)
    {
      g_autoptr(JgHttpClient) http = jg_http_client_new (self->server_url, self->ca_file, token,
                                                         JG_HTTP_FOR_SIGN_OUT, server_error);

      if (http != NULL)
        {
          g_autoptr(GBytes) empty = g_bytes_new_static ("{}", 2);
          g_autoptr(GBytes) answer = NULL;
          JgHttpAnswer info;

          answer = jg_http_client_send (http, SOUP_METHOD_POST, "api/v1/logout", empty, NULL,
                                        &info, cancellable, server_error);
          jg_http_answer_clear (&info);
        }
    }

  return forget_token (self, error);
}

/* --- the CLI's default account -------------------------------------------- */

static char *
accounts_file (void)
{
  return g_build_filename (g_get_user_config_dir (), "jianguan", "cli-accounts.ini", NULL);
}

char *
jg_account_get_default_username (const char *server_url)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = accounts_file ();
  g_autofree char *id = jg_paths_account_id (server_url, NULL);

  if (id == NULL || !g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return NULL;
  return g_key_file_get_string (file, "accounts", id, NULL);
}

void
jg_account_set_default_username (const char *server_url,
                                 const char *username)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = accounts_file ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *id = jg_paths_account_id (server_url, NULL);

  if (id == NULL)
    return;
  g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  if (username != NULL)
    g_key_file_set_string (file, "accounts", id, username);
  else
    g_key_file_remove_key (file, "accounts", id, NULL);
  g_mkdir_with_parents (dir, 0700);
  g_key_file_save_to_file (file, path, NULL);
}
