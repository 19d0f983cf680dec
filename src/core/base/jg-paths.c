/* jg-paths.c — where an account's files live
 *
 * <data>/jianguan/accounts/<user@host-port>/jianguan.db holds an account's
 * records (accounts/<host-port>/ those written signed out);
 * <data>/jianguan/servers/<host-port>/catalogue.db the server's catalogue,
 * shared by all of them (see jg-store.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "jg-paths.h"
#include "jg-store.h"

static char *
sanitize (const char *s)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; *p; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '.' || *p == '_' || *p == '-' || *p == '@')
        g_string_append_c (out, *p);
      else
        g_string_append_c (out, '_');
    }

  return g_string_free (out, FALSE);
}

/* @server_url as a GUri when it is an http(s) URL with a host, and its
 * port (the scheme's default when none is written); else NULL. GUri gives
 * the scheme in lower case. */
static GUri *
parse_server (const char *server_url,
              int        *port)
{
  g_autoptr(GUri) uri = NULL;

  if (server_url == NULL)
    return NULL;
  uri = g_uri_parse (server_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;
  if (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
      g_strcmp0 (g_uri_get_scheme (uri), "https") != 0)
    return NULL;
  *port = g_uri_get_port (uri);
  if (*port < 0)
    *port = g_str_equal (g_uri_get_scheme (uri), "https") ? 443 : 80;
  return g_steal_pointer (&uri);
}

char *
jg_paths_canonical_server_url (const char *server_url)
{
  int port;
  g_autoptr(GUri) uri = parse_server (server_url, &port);
  const char *host, *path;

  if (uri == NULL)
    return NULL;
  /* The host keeps its case, as in the account's id (jg_paths_account_id);
   * an IPv6 literal keeps its brackets. */
  host = g_uri_get_host (uri);
  path = g_uri_get_path (uri);
  if (path == NULL || *path == '\0')
    path = "/";
  return g_strdup_printf ("%s://%s%s%s:%d%s%s", g_uri_get_scheme (uri),
                          strchr (host, ':') ? "[" : "", host, strchr (host, ':') ? "]" : "",
                          port, path, g_str_has_suffix (path, "/") ? "" : "/");
}

char *
jg_paths_account_id (const char *server_url,
                     const char *username)
{
  int port;
  g_autoptr(GUri) uri = parse_server (server_url, &port);
  g_autofree char *host_port = NULL;

  if (uri == NULL)
    return NULL;
  host_port = g_strdup_printf ("%s-%d", g_uri_get_host (uri), port);
  if (username != NULL && *username != '\0')
    {
      g_autofree char *joined = g_strdup_printf ("%s@%s", username, host_port);
      return sanitize (joined);
    }
  return sanitize (host_port);
}

#define ACCOUNTS_DIR      "accounts"
#define SERVERS_DIR       "servers"
#define ACCOUNT_DB_NAME   "jianguan.db"
#define CATALOGUE_DB_NAME "catalogue.db"
#define IMAGES_DIR        "images"

/* Modes of everything Jianguan writes under its data folder: the
 * department's records are nobody else's business (SECURITY.md). */
#define PRIVATE_DIR_MODE  0700
#define PRIVATE_FILE_MODE 0600
#define GROUP_OTHER_BITS  0077

static char *
data_root (void)
{
  return g_build_filename (g_get_user_data_dir (), "jianguan", NULL);
}

gboolean
jg_paths_make_private (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0 || S_ISLNK (st.st_mode))
    return TRUE;
  if ((st.st_mode & GROUP_OTHER_BITS) == 0)
    return TRUE;
  return g_chmod (path, S_ISDIR (st.st_mode) ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE) == 0;
}

char *
jg_paths_account_dir (const char  *account_id,
                      GError     **error)
{
  g_autofree char *root = data_root ();
  g_autofree char *dir = g_build_filename (root, ACCOUNTS_DIR, account_id, NULL);

  g_autofree char *accounts = g_build_filename (root, ACCOUNTS_DIR, NULL);

  if (g_mkdir_with_parents (dir, PRIVATE_DIR_MODE) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (dir);
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_IO,
                   _("Cannot create the folder “%s”: %s."), display, g_strerror (saved));
      return NULL;
    }
  /* g_mkdir_with_parents() leaves the folders that were there alone; the
   * server's catalogue cache is beside them, in servers/<host-port>/. */
  jg_paths_make_private (root);
  jg_paths_make_private (accounts);
  jg_paths_make_private (dir);
  {
    const char *at = strrchr (account_id, '@');
    g_autofree char *servers = g_build_filename (root, SERVERS_DIR, NULL);
    g_autofree char *server = g_build_filename (servers, at ? at + 1 : account_id, NULL);

    jg_paths_make_private (servers);
    jg_paths_make_private (server);
  }

  return g_steal_pointer (&dir);
}

char *
jg_paths_database_for_server (const char  *server_url,
                              const char  *username,
                              GError     **error)
{
  g_autofree char *id = jg_paths_account_id (server_url, username);
  g_autofree char *dir = NULL;

  if (id == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a server address. Use an address such as http://127.0.0.1:8437/."),
                   server_url ? server_url : "");
      return NULL;
    }

  dir = jg_paths_account_dir (id, error);
  if (dir == NULL)
    return NULL;

  return g_build_filename (dir, ACCOUNT_DB_NAME, NULL);
}

char *
jg_paths_catalogue_for_database (const char *db_path)
{
  g_autofree char *dir = g_path_get_dirname (db_path);
  g_autofree char *base = g_path_get_basename (db_path);
  g_autofree char *account_id = g_path_get_basename (dir);
  g_autofree char *accounts = g_path_get_dirname (dir);
  g_autofree char *accounts_name = g_path_get_basename (accounts);
  g_autofree char *stem = NULL;

  if (g_str_equal (base, ACCOUNT_DB_NAME) && g_str_equal (accounts_name, ACCOUNTS_DIR))
    {
      g_autofree char *root = g_path_get_dirname (accounts);
      /* The id is "user@host-port" or "host-port"; a user name may hold
       * an '@' of its own, a host never does. */
      const char *at = strrchr (account_id, '@');

      return g_build_filename (root, SERVERS_DIR, at ? at + 1 : account_id,
                               CATALOGUE_DB_NAME, NULL);
    }

  /* A database somewhere else (tests, a file given to a tool) has a cache
   * of its own beside it, so that two of them never mix. */
  stem = g_str_has_suffix (base, ".db") ? g_strndup (base, strlen (base) - 3) : g_strdup (base);
  {
    g_autofree char *name = g_strdup_printf ("%s-%s", stem, CATALOGUE_DB_NAME);
    return g_build_filename (dir, name, NULL);
  }
}

char *
jg_paths_images_for_database (const char *db_path)
{
  g_autofree char *dir = g_path_get_dirname (db_path);
  g_autofree char *base = g_path_get_basename (db_path);
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;

  if (g_str_equal (base, ACCOUNT_DB_NAME))
    return g_build_filename (dir, IMAGES_DIR, NULL);
  stem = g_str_has_suffix (base, ".db") ? g_strndup (base, strlen (base) - 3) : g_strdup (base);
  name = g_strdup_printf ("%s-%s", stem, IMAGES_DIR);
  return g_build_filename (dir, name, NULL);
}

static char *
default_server_file (void)
{
  g_autofree char *root = data_root ();
  return g_build_filename (root, "default-server", NULL);
}

char *
jg_paths_get_default_server (void)
{
  g_autofree char *file = default_server_file ();
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (file, &contents, NULL, NULL))
    return NULL;

  g_strstrip (contents);
  if (*contents == '\0')
    return NULL;

  return g_steal_pointer (&contents);
}

void
jg_paths_set_default_server (const char *server_url)
{
  g_autofree char *root = data_root ();
  g_autofree char *file = default_server_file ();

  if (g_mkdir_with_parents (root, PRIVATE_DIR_MODE) != 0)
    return;

  /* Best effort: the default is a convenience for the CLI. */
  g_file_set_contents_full (file, server_url, -1,
                            G_FILE_SET_CONTENTS_CONSISTENT, PRIVATE_FILE_MODE, NULL);
}

char *
jg_paths_data_file (const char *relative)
{
  const char *env = g_getenv ("JIANGUAN_DATA_DIR");
  g_autofree char *installed = NULL;

  if (env != NULL && *env != '\0')
    return g_build_filename (env, relative, NULL);

  installed = g_build_filename (PKGDATADIR, relative, NULL);
  if (g_file_test (installed, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&installed);

  return g_build_filename (SOURCE_DATADIR, relative, NULL);
}
