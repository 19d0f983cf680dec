/* jg-server-login.c — POST /api/v1/login: rate limits, the password
 * checked in a worker thread, and the audit lines of sign-ins
 *
 * crypto_pwhash_str_verify() takes about a tenth of a second and 64 MiB
 * with the interactive limits: on the request thread, a few concurrent
 * logins held every other client for over a second. The request is
 * paused, the verification runs in a pool of JG_SERVER_LOGIN_THREADS
 * threads (so that a burst of logins costs at most that many times the
 * memory), and the answer is sent from the request thread. The pool
 * touches no database: the hash is read before, the token written after.
 *
 * PROTOCOL.md, "Accounts and sessions" and "Sign-in limits".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-private.h"

#include <string.h>
#include <sodium.h>

/* Buckets kept before the expired ones are dropped. */
#define LOGIN_BUCKETS_PRUNE_AT 4096
#define UNKNOWN_ADDRESS "-"
/* What jg_server_login_start() queues instead of a Login. */
#define WARM_UP ((gpointer) &warm_up_tag)

static const char warm_up_tag = 0;

/* The failed attempts of one user name or one address in the current
 * window. */
typedef struct {
  gint64 start;
  guint attempts;
} Bucket;

typedef struct {
  JgServer *self;               /* unowned: dispose waits for the pool */
  SoupServerMessage *msg;       /* owned, paused */
  char *username;
  char *password;               /* wiped when freed */
  char *pwhash;                 /* NULL: no such account */
  char *address;
  gulong disconnected_id;
  gboolean disconnected;
  gboolean ok;                  /* set by the worker */
  gint64 wait;                  /* set by the worker: rate-limited */
  GMainContext *context;
  GSource *done;                /* answers on @context */
} Login;

static void
login_free (Login *login)
{
  if (login->password != NULL)
    sodium_memzero (login->password, strlen (login->password));
  g_free (login->password);
  g_free (login->username);
  g_free (login->pwhash);
  g_free (login->address);
  g_signal_handler_disconnect (login->msg, login->disconnected_id);
  g_object_unref (login->msg);
  if (login->done != NULL)
    {
      g_source_destroy (login->done);
      g_source_unref (login->done);
    }
  g_main_context_unref (login->context);
  g_free (login);
}

/* ------------------------------------------------------------------ */
/* Limits                                                              */

static Bucket *
bucket_get (GHashTable *table,
            const char *key,
            gint64      now,
            gint64      window,
            gboolean    create)
{
  Bucket *bucket = g_hash_table_lookup (table, key);

  if (bucket != NULL && now >= bucket->start + window)
    {
      bucket->start = now;
      bucket->attempts = 0;
    }
  if (bucket != NULL || !create)
    return bucket;

  if (g_hash_table_size (table) >= LOGIN_BUCKETS_PRUNE_AT)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, table);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (now >= ((Bucket *) value)->start + window)
          g_hash_table_iter_remove (&iter);
    }
  bucket = g_new0 (Bucket, 1);
  bucket->start = now;
  g_hash_table_insert (table, g_strdup (key), bucket);
  return bucket;
}

/* Seconds until @bucket takes another attempt; 0 if it takes one now. */
static gint64
bucket_wait (Bucket *bucket,
             guint   limit,
             gint64  now,
             gint64  window)
{
  if (bucket == NULL || bucket->attempts < limit)
    return 0;
  return MAX (bucket->start + window - now, 1);
}

/* Seconds before @username may try again from @address (0: now). The
 * worker asks again before verifying: guesses sent at once are queued
 * behind the pool, and only JG_SERVER_LOGIN_THREADS of them can slip
 * past a limit reached meanwhile. */
static gint64
limit_wait (JgServer   *self,
            const char *username,
            const char *address)
{
  gint64 now = g_get_monotonic_time () / G_USEC_PER_SEC;
  gint64 wait;

  g_mutex_lock (&self->login_lock);
  wait = MAX (bucket_wait (bucket_get (self->login_accounts, username, now, self->login_window, FALSE),
                           self->login_account_attempts, now, self->login_window),
              bucket_wait (bucket_get (self->login_addresses, address, now, self->login_window, FALSE),
                           self->login_address_attempts, now, self->login_window));
  g_mutex_unlock (&self->login_lock);
  return wait;
}

/* A failure counts against both; a sign-in that works clears its
 * account's failures (not its address's: one good password must not
 * buy guesses at the others). */
static void
limit_record (JgServer   *self,
              const char *username,
              const char *address,
              gboolean    ok)
{
  gint64 now = g_get_monotonic_time () / G_USEC_PER_SEC;

  g_mutex_lock (&self->login_lock);
  if (ok)
    g_hash_table_remove (self->login_accounts, username);
  else
    {
      bucket_get (self->login_accounts, username, now, self->login_window, TRUE)->attempts++;
      bucket_get (self->login_addresses, address, now, self->login_window, TRUE)->attempts++;
    }
  g_mutex_unlock (&self->login_lock);
}

static void
reply_limited (SoupServerMessage *msg,
               gint64             wait)
{
  g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, wait);

  /* The same answer for any name, existing or not. */
  jg_server_reply_error (msg, JG_HTTP_STATUS_TOO_MANY_REQUESTS, "too-many-requests",
                         "Too many sign-in attempts; try again in %s seconds", seconds);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Retry-After", seconds);
}

/* ------------------------------------------------------------------ */
/* Audit                                                               */

/* One line per sign-in attempt. Only the names of existing accounts are
 * written: anything else may be a password typed into the wrong field.
 * Neither a password nor a token is ever written. */
static void
audit_login (const char *username,
             gboolean    known,
             const char *address,
             const char *result)
{
  jg_server_log ("LOGIN user=%s address=%s result=%s",
                 known ? username : "(unknown)", address, result);
}

/* ------------------------------------------------------------------ */
/* The worker and the answer                                           */

static void
on_login_disconnected (SoupServerMessage *msg,
                       gpointer           user_data)
{
  ((Login *) user_data)->disconnected = TRUE;
}

static void
answer_token (JgServer          *self,
              SoupServerMessage *msg,
              const char        *token,
              JgServerAccount   *account)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *dept_name = jg_server_db_department_name (self->db, account->department);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "expires");
  json_builder_add_int_value (builder, account->expires);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, account->username);
  json_builder_set_member_name (builder, "department");
  json_builder_add_string_value (builder, account->department);
  json_builder_set_member_name (builder, "department_name");
  json_builder_add_string_value (builder, dept_name != NULL ? dept_name : "");
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, account->role);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  jg_server_reply_node (msg, SOUP_STATUS_OK, node);
}

/* On the request thread, once the worker has verified. */
static gboolean
on_login_verified (gpointer user_data)
{
  Login *login = user_data;
  JgServer *self = login->self;
  g_autoptr(JgServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  g_clear_pointer (&login->done, g_source_unref);
  audit_login (login->username, login->pwhash != NULL, login->address,
               login->wait > 0 ? "rate-limited" : login->ok ? "ok" : "failed");

  if (!login->disconnected)
    {
      if (login->wait > 0)
        reply_limited (login->msg, login->wait);
      else if (!login->ok)
        jg_server_reply_unauthorized (login->msg, "Wrong user name or password");
      else if (!jg_server_db_issue_token (self->db, login->username, self->token_ttl,
                                          &token, &account, &error))
        jg_server_reply_server_error (login->msg, error);
      else if (account == NULL)
        jg_server_reply_unauthorized (login->msg, "Wrong user name or password");
      else
        answer_token (self, login->msg, token, account);
      if (token != NULL)
        sodium_memzero (token, strlen (token));
      soup_server_message_unpause (login->msg);
    }
  g_ptr_array_remove_fast (self->logins, login);
  return G_SOURCE_REMOVE;
}

/* In a thread of the pool. */
static void
verify_login (gpointer data,
              gpointer user_data)
{
  Login *login = data;

  if (data == WARM_UP)
    {
      jg_server_password_prepare ();
      return;
    }
  login->wait = limit_wait (login->self, login->username, login->address);
  if (login->wait == 0)
    {
      login->ok = jg_server_password_verify (login->pwhash, login->password);
      limit_record (login->self, login->username, login->address, login->ok);
    }
  sodium_memzero (login->password, strlen (login->password));
  login->done = g_idle_source_new ();
  g_source_set_callback (login->done, on_login_verified, login, NULL);
  g_source_attach (login->done, login->context);
}

void
jg_server_answer_login (JgServer          *self,
                        SoupServerMessage *msg,
                        gboolean           honour_etag)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *pwhash = NULL;
  const char *username, *password, *address;
  gint64 wait;
  JsonObject *o;
  Login *login;

  if (!jg_server_request_object (msg, parser, &o))
    return;
  username = jg_server_string_member (o, "username");
  password = jg_server_string_member (o, "password");
  if (username == NULL || password == NULL)
    {
      jg_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                             "The body must be a JSON object with the strings \"username\" and \"password\"");
      return;
    }
  address = soup_server_message_get_remote_host (msg);
  if (address == NULL)
    address = UNKNOWN_ADDRESS;

  /* No account has any other name: skip the database, not the hash. */
  if (jg_server_username_is_valid (username) &&
      !jg_server_db_get_password_hash (self->db, username, &pwhash, &error))
    {
      jg_server_reply_server_error (msg, error);
      return;
    }

  wait = limit_wait (self, username, address);
  if (wait > 0)
    {
      audit_login (username, pwhash != NULL, address, "rate-limited");
      reply_limited (msg, wait);
      return;
    }

  login = g_new0 (Login, 1);
  login->self = self;
  login->msg = g_object_ref (msg);
  login->username = g_strdup (username);
  login->password = g_strdup (password);
  login->pwhash = g_steal_pointer (&pwhash);
  login->address = g_strdup (address);
  login->context = g_main_context_ref_thread_default ();
  login->disconnected_id = g_signal_connect (msg, "disconnected",
                                             G_CALLBACK (on_login_disconnected), login);
  g_ptr_array_add (self->logins, login);
  soup_server_message_pause (msg);
  g_thread_pool_push (self->login_pool, login, NULL);
}

void
jg_server_set_login_limits (JgServer *self,
                            guint     account_attempts,
                            guint     address_attempts,
                            guint     window)
{
  g_return_if_fail (JG_IS_SERVER (self));

  self->login_account_attempts = MAX (account_attempts, 1);
  self->login_address_attempts = MAX (address_attempts, 1);
  self->login_window = MAX (window, 1);
}

void
jg_server_login_init (JgServer *self)
{
  g_mutex_init (&self->login_lock);
  self->login_pool = g_thread_pool_new (verify_login, NULL, JG_SERVER_LOGIN_THREADS, FALSE, NULL);
  self->logins = g_ptr_array_new_with_free_func ((GDestroyNotify) login_free);
  self->login_accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->login_addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->login_account_attempts = JG_SERVER_LOGIN_ACCOUNT_ATTEMPTS;
  self->login_address_attempts = JG_SERVER_LOGIN_ADDRESS_ATTEMPTS;
  self->login_window = JG_SERVER_LOGIN_WINDOW;
}

void
jg_server_login_start (JgServer *self)
{
  /* The dummy hash costs one hashing: not on the first unknown user. */
  if (self->login_pool != NULL)
    g_thread_pool_push (self->login_pool, WARM_UP, NULL);
}

void
jg_server_login_dispose (JgServer *self)
{
  if (self->login_pool != NULL)
    {
      /* Lets the running and queued verifications end: each holds a
       * Login that is freed below, with its pending answer. */
      g_thread_pool_free (self->login_pool, FALSE, TRUE);
      self->login_pool = NULL;
    }
  if (self->logins != NULL)
    g_ptr_array_set_size (self->logins, 0);
  g_clear_pointer (&self->logins, g_ptr_array_unref);
  if (self->login_accounts != NULL)
    g_mutex_clear (&self->login_lock);   /* dispose may run twice */
  g_clear_pointer (&self->login_accounts, g_hash_table_unref);
  g_clear_pointer (&self->login_addresses, g_hash_table_unref);
}
