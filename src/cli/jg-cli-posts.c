/* jg-cli-posts.c — `jianguan-cli posts …` and the posts part of `sync`
 *
 *   posts list [--column dynamics|exposure] [--month YYYY-MM]
 *       uuid<TAB>column<TAB>state<TAB>revision<TAB>month<TAB>title<TAB>note
 *       (note: the reviewer's comment of a returned post, "conflict" when
 *       it was also edited here, the server's reasons of a rejected one)
 *   posts quota [--month YYYY-MM]
 *       one line per column: column updates/needed items/needed
 *   posts submit ID [--local]   checks, submits and sends (ID: uuid or
 *       prefix; --local: the next sync sends it)
 *   posts review ID --approve [--comment TEXT] | --return TEXT   (reviewers)
 *   posts new --column dynamics|exposure --json FILE   (prints the uuid)
 *   posts edit ID --json FILE   (the fields given replace the post's)
 *   posts withdraw ID --reason TEXT   (a published post, administrators)
 *   posts delete ID             (a draft, or a returned post given up)
 *       FILE: {"fields": {key: text, …}, "images": [{"file": …, "alt": …,
 *       "caption": …}, …]}; the images are imported and shown at the end of
 *       the body. For scripts and tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <unistd.h>

#include "jg-account.h"
#include "jg-cli.h"
#include "jg-post-images.h"
#include "jg-post-states.h"
#include "jg-post-sync.h"
#include "jg-posts-sync.h"
#include "jg-record-store.h"

typedef struct {
  char     *column;
  char     *month;
  gboolean  approve;
  char     *return_comment;
  char     *comment;
  char     *json;
  char     *user;
  gboolean  password_stdin;
  gboolean  local;
  char     *reason;
  /* The account of the command, signed in once (the token may live only
   * in it when there is no keyring). */
  JgAccount *account;
  char     *server;
} PostsOptions;

/* The signed-in account's post store, with the wording list it checks
 * with. */
static JgPostStore *
open_posts (Command        *cmd,
            JgWordingList **wording)
{
  g_autoptr(JgStore) store = jg_cli_open_account_store (cmd);
  JgPostStore *posts;

  if (store == NULL)
    return NULL;
  posts = jg_post_store_new (store);
  *wording = jg_posts_sync_load_wording (store, &cmd->error);
  if (*wording == NULL)
    {
      g_object_unref (posts);
      return NULL;
    }
  jg_post_store_set_wording_list (posts, *wording);
  return posts;
}

/* @id as a stored uuid: the whole uuid or a prefix of one post's. */
static char *
find_post (Command     *cmd,
           JgPostStore *posts,
           const char  *id)
{
  g_autoptr(GPtrArray) rows = jg_post_store_list (posts, -1, NULL, &cmd->error);
  const char *found = NULL;

  if (rows == NULL)
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      const char *uuid = jg_post_summary_get_uuid (g_ptr_array_index (rows, i));

      if (g_str_equal (uuid, id))
        return g_strdup (uuid);
      if (g_str_has_prefix (uuid, id))
        {
          if (found != NULL)
            {
              g_set_error (&cmd->error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("“%s” names more than one post; give more of its identifier."), id);
              return NULL;
            }
          found = uuid;
        }
    }
  if (found == NULL)
    {
      g_set_error (&cmd->error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no post “%s” here."), id);
      return NULL;
    }
  return g_strdup (found);
}

/* --- sync ----------------------------------------------------------------- */

gboolean
jg_cli_sync_posts (Command    *cmd,
                   const char *server,
                   const char *db_path,
                   const char *token)
{
  g_autoptr(JgPostsSync) sync = jg_posts_sync_new (db_path, server, token);
  Progress progress = { isatty (fileno (stderr)), _("Sending posts and pictures: %llu of %llu") };
  JgPostsSyncResult result;
  gboolean ok;

  jg_posts_sync_set_ca_file (sync, cmd->globals->ca_file);
  g_signal_connect (sync, "progress", G_CALLBACK (jg_cli_on_progress), &progress);
  ok = jg_posts_sync_run (sync, &result, NULL, &cmd->error);
  jg_cli_end_progress (&progress);
  if (result.sent > 0)
    g_print (_("Sent %u posts: %u accepted, %u rejected.\n"), result.sent, result.accepted, result.rejected);
  if (result.images_uploaded > 0 || result.images_failed > 0 || result.images_downloaded > 0)
    g_print (_("Pictures: %u uploaded, %u refused by the server, %u downloaded.\n"),
             result.images_uploaded, result.images_failed, result.images_downloaded);
  if (result.posts_updated > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u post updated from the server.\n",
                          "%u posts updated from the server.\n", result.posts_updated),
             result.posts_updated);
  return ok;
}

/* The token of the command's account (signing in first with
 * --password-stdin), its server in options->server. */
static char *
posts_token (Command      *cmd,
             PostsOptions *options)
{
  if (options->account == NULL)
    return jg_cli_account_token (cmd, &options->user, options->password_stdin, &options->server,
                                 &options->account, NULL);
  return jg_account_get_token (options->account, &cmd->error);
}

/* Syncs the posts of the command's account alone. */
static gboolean
sync_posts_only (Command      *cmd,
                 PostsOptions *options)
{
  g_autofree char *token = posts_token (cmd, options);
  g_autofree char *db_path = token ? jg_cli_resolve_database (cmd, TRUE, NULL) : NULL;

  return db_path != NULL && jg_cli_sync_posts (cmd, options->server, db_path, token);
}

/* A posts sync of the command's account with its server (signing in
 * first with --password-stdin), for one request on one post, or NULL. */
static JgPostsSync *
open_posts_sync (Command      *cmd,
                 PostsOptions *options)
{
  g_autofree char *token = posts_token (cmd, options);
  g_autofree char *db_path = token ? jg_cli_resolve_database (cmd, TRUE, NULL) : NULL;
  JgPostsSync *sync;

  if (db_path == NULL)
    return NULL;
  sync = jg_posts_sync_new (db_path, options->server, token);
  jg_posts_sync_set_ca_file (sync, cmd->globals->ca_file);
  return sync;
}

static gboolean
parse_month (const char *text,
             guint      *year,
             guint      *month)
{
  g_autoptr(GDateTime) now = NULL;
  guint y, m;

  year = year ? year : &y;
  month = month ? month : &m;
  if (text == NULL)
    {
      /* This month in Shanghai, as the server counts. */
      now = g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC
                                           + JG_QUOTA_UTC_OFFSET_SECONDS);
      *year = g_date_time_get_year (now);
      *month = g_date_time_get_month (now);
      return TRUE;
    }
  return jg_quota_parse_month (text, year, month);
}

/* --- list ----------------------------------------------------------------- */

/* The note of the list: what the person needs to act on. */
static char *
post_note (JgPostStore   *posts,
           JgPostSummary *row)
{
  const char *uuid = jg_post_summary_get_uuid (row);
  g_autoptr(GString) note = g_string_new (NULL);

  if (jg_post_summary_get_conflict (row))
    g_string_append (note, _("conflict"));
  if (jg_post_summary_get_state (row) == JG_POST_STATE_RETURNED || jg_post_summary_get_conflict (row))
    {
      g_autoptr(GPtrArray) signoffs = jg_post_store_list_signoffs (posts, uuid, NULL);

      for (guint i = signoffs ? signoffs->len : 0; i > 0; i--)
        {
          JgPostSignoff *signoff = g_ptr_array_index (signoffs, i - 1);

          if (g_strcmp0 (signoff->decision, "return") == 0)
            {
              g_string_append_printf (note, "%s%s", note->len ? ": " : "", signoff->comment ?: "");
              break;
            }
        }
    }
  if (jg_post_summary_get_state (row) == JG_POST_STATE_REJECTED)
    {
      g_autoptr(GPtrArray) checks = jg_post_store_get_checks (posts, uuid, NULL);

      for (guint i = 0; checks != NULL && i < checks->len; i++)
        {
          JgIssue *issue = g_ptr_array_index (checks, i);

          if (issue->severity == JG_ISSUE_ERROR)
            g_string_append_printf (note, "%s%s", note->len ? " " : "", issue->message);
        }
    }
  g_strdelimit (note->str, "\t\n", ' ');
  return g_string_free (g_steal_pointer (&note), FALSE);
}

static int
posts_list (Command      *cmd,
            PostsOptions *options)
{
  g_autoptr(JgWordingList) wording = NULL;
  g_autoptr(JgPostStore) posts = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  JgPostColumn column = -1;

  if (options->column != NULL && !jg_post_column_from_string (options->column, &column))
    return jg_cli_usage_error (cmd->context, _("--column is dynamics or exposure."));
  if (options->month != NULL && !parse_month (options->month, NULL, NULL))
    return jg_cli_usage_error (cmd->context, _("--month is a month such as 2026-11."));
  posts = open_posts (cmd, &wording);
  if (posts == NULL)
    return jg_cli_fail (cmd);
  rows = jg_post_store_list (posts, options->column ? (int) column : -1, options->month, &cmd->error);
  if (rows == NULL)
    return jg_cli_fail (cmd);
  for (guint i = 0; i < rows->len; i++)
    {
      JgPostSummary *row = g_ptr_array_index (rows, i);
      g_autofree char *title = g_strdup (jg_post_summary_get_title (row) ?: "");
      g_autofree char *note = post_note (posts, row);

      g_strdelimit (title, "\t\n", ' ');
      g_print ("%s\t%s\t%s\t%u\t%s\t%s\t%s\n", jg_post_summary_get_uuid (row),
               jg_post_column_to_string (jg_post_summary_get_column (row)),
               jg_post_state_to_string (jg_post_summary_get_state (row)),
               jg_post_summary_get_revision (row), jg_post_summary_get_month (row) ?: "",
               title, note);
    }
  jg_post_store_set_wording_list (posts, NULL);
  return STATUS_OK;
}

/* --- quota ---------------------------------------------------------------- */

static int
posts_quota (Command      *cmd,
             PostsOptions *options)
{
  g_autoptr(JgWordingList) wording = NULL;
  g_autoptr(JgPostStore) posts = NULL;
  JgQuotaCount counts[JG_QUOTA_N_COLUMNS];
  JgQuotaRule rules[JG_QUOTA_N_COLUMNS];
  guint year, month;

  if (!parse_month (options->month, &year, &month))
    return jg_cli_usage_error (cmd->context, _("--month is a month such as 2026-11."));
  posts = open_posts (cmd, &wording);
  if (posts == NULL)
    return jg_cli_fail (cmd);
  if (!jg_post_store_count_quota (posts, NULL, year, month, counts, &cmd->error))
    return jg_cli_fail (cmd);
  jg_posts_sync_get_quota_rules (jg_post_store_get_store (posts), rules);
  for (guint i = 0; i < JG_QUOTA_N_COLUMNS; i++)
    g_print ("%s %u/%u %u/%u\n", jg_post_column_to_string (i), counts[i].updates, rules[i].updates_needed,
             counts[i].items, rules[i].items_needed);
  jg_post_store_set_wording_list (posts, NULL);
  return STATUS_OK;
}

/* --- submit and review ---------------------------------------------------- */

/* Prints @uuid's state after a sync, with its note. */
static void
print_state (JgPostStore *posts,
             const char  *uuid)
{
  g_autoptr(GPtrArray) rows = jg_post_store_list (posts, -1, NULL, NULL);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      JgPostSummary *row = g_ptr_array_index (rows, i);
      g_autofree char *note = NULL;

      if (!g_str_equal (jg_post_summary_get_uuid (row), uuid))
        continue;
      note = post_note (posts, row);
      /* TRANSLATORS: the post's identifier, its state, a note (may be empty) */
      g_print (_("Post %s: %s %s\n"), uuid, jg_post_state_to_string (jg_post_summary_get_state (row)), note);
    }
}

/* The account's post store and, in *@uuid, the post that @id names;
 * NULL with cmd->error. */
static JgPostStore *
open_post (Command        *cmd,
           const char     *id,
           JgWordingList **wording,
           char          **uuid)
{
  g_autoptr(JgPostStore) posts = open_posts (cmd, wording);

  if (posts == NULL)
    return NULL;
  *uuid = find_post (cmd, posts, id);
  return *uuid != NULL ? g_steal_pointer (&posts) : NULL;
}

/* The end of a command that changed @uuid on the server: its state now. */
static int
done_with_state (JgPostStore *posts,
                 const char  *uuid)
{
  print_state (posts, uuid);
  jg_post_store_set_wording_list (posts, NULL);
  return STATUS_OK;
}

static int
posts_submit (Command      *cmd,
              PostsOptions *options)
{
  g_autoptr(JgWordingList) wording = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(JgPostStore) posts = open_post (cmd, cmd->argv[2], &wording, &uuid);

  if (posts == NULL || !jg_post_store_submit (posts, uuid, NULL, &cmd->error))
    return jg_cli_fail (cmd);
  g_print (_("Submitted post %s.\n"), uuid);
  if (options->local)
    return STATUS_OK;
  if (!sync_posts_only (cmd, options))
    {
      g_printerr (_("jianguan-cli: the post stays queued and is sent on the next sync.\n"));
      return jg_cli_fail (cmd);
    }
  return done_with_state (posts, uuid);
}

static int
posts_review (Command      *cmd,
              PostsOptions *options)
{
  g_autoptr(JgWordingList) wording = NULL;
  g_autoptr(JgPostStore) posts = NULL;
  g_autoptr(JgPostsSync) sync = NULL;
  g_autofree char *uuid = NULL;
  guint revision, level;

  if (options->approve == (options->return_comment != NULL))
    return jg_cli_usage_error (cmd->context, _("Give either --approve or --return COMMENT."));
  /* The post as the server has it now. */
  if (!sync_posts_only (cmd, options))
    return jg_cli_fail (cmd);
  posts = open_post (cmd, cmd->argv[2], &wording, &uuid);
  if (posts == NULL || !jg_post_store_get_review (posts, uuid, &revision, &level, &cmd->error))
    return jg_cli_fail (cmd);

  sync = open_posts_sync (cmd, options);
  if (sync == NULL)
    return jg_cli_fail (cmd);
  if (!jg_posts_sync_review (sync, uuid, revision, options->approve,
                             options->approve ? options->comment : options->return_comment, NULL, &cmd->error))
    return jg_cli_fail (cmd);
  return done_with_state (posts, uuid);
}

static int
posts_withdraw (Command      *cmd,
                PostsOptions *options)
{
  g_autoptr(JgWordingList) wording = NULL;
  g_autoptr(JgPostStore) posts = NULL;
  g_autoptr(JgPostsSync) sync = NULL;
  g_autofree char *uuid = NULL;

  if (options->reason == NULL)
    return jg_cli_usage_error (cmd->context, _("Give the reason with --reason TEXT: it is published."));
  posts = open_post (cmd, cmd->argv[2], &wording, &uuid);
  if (posts == NULL)
    return jg_cli_fail (cmd);
  sync = open_posts_sync (cmd, options);
  if (sync == NULL)
    return jg_cli_fail (cmd);
  if (!jg_posts_sync_withdraw (sync, uuid, options->reason, NULL, &cmd->error))
    return jg_cli_fail (cmd);
  return done_with_state (posts, uuid);
}

static int
posts_delete (Command      *cmd,
              PostsOptions *options)
{
  g_autoptr(JgWordingList) wording = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(JgPostStore) posts = open_post (cmd, cmd->argv[2], &wording, &uuid);

  if (posts == NULL || !jg_post_store_delete (posts, uuid, &cmd->error))
    return jg_cli_fail (cmd);
  /* TRANSLATORS: %s is the post's identifier */
  g_print (_("Deleted post %s; the next sync tells the server if it had it.\n"), uuid);
  jg_post_store_set_wording_list (posts, NULL);
  return STATUS_OK;
}

/* --- new ------------------------------------------------------------------ */

/* Appends a figure of @image (imported here) to @body. */
static gboolean
add_image (JgPostStore  *posts,
           JsonObject   *image,
           const char   *base,
           GString      *body,
           GError      **error)
{
  const char *file = json_object_get_string_member_with_default (image, "file", NULL);
  const char *alt = json_object_get_string_member_with_default (image, "alt", "");
  const char *caption = json_object_get_string_member_with_default (image, "caption", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GFile) gfile = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *alt_text = NULL;

  if (file == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("An image lacks its “file”."));
      return FALSE;
    }
  path = g_path_is_absolute (file) ? g_strdup (file) : g_build_filename (base, file, NULL);
  gfile = g_file_new_for_path (path);
  sha256 = jg_post_images_import_file (posts, gfile, error);
  if (sha256 == NULL)
    return FALSE;
  alt_text = g_markup_escape_text (alt, -1);
  g_string_append_printf (body, "<figure><img src=\"jg-image:%s\" alt=\"%s\">", sha256, alt_text);
  if (caption != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (caption, -1);
      g_string_append_printf (body, "<figcaption>%s</figcaption>", escaped);
    }
  g_string_append (body, "</figure>");
  return TRUE;
}

static int
posts_write (Command      *cmd,
             PostsOptions *options,
             const char   *id)
{
  g_autoptr(JgWordingList) wording = NULL;
  g_autoptr(JgPostStore) posts = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JgPost) post = NULL;
  g_autoptr(GString) body = NULL;
  g_autofree char *base = NULL;
  JgPostColumn column = JG_POST_DYNAMICS;
  JsonNode *root;
  JsonObject *object, *fields = NULL;
  JsonArray *images = NULL;

  if (id == NULL && (options->column == NULL || !jg_post_column_from_string (options->column, &column)))
    return jg_cli_usage_error (cmd->context, _("--column is dynamics or exposure."));
  if (options->json == NULL)
    return jg_cli_usage_error (cmd->context, _("Give the post’s fields with --json FILE."));
  if (!json_parser_load_from_file (parser, options->json, &cmd->error))
    return jg_cli_fail (cmd);
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return jg_cli_usage_error (cmd->context, _("The --json file is not a JSON object."));
  object = json_node_get_object (root);
  if (json_object_has_member (object, "fields") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "fields")))
    fields = json_object_get_object_member (object, "fields");
  if (json_object_has_member (object, "images") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "images")))
    images = json_object_get_array_member (object, "images");

  posts = open_posts (cmd, &wording);
  if (posts == NULL)
    return jg_cli_fail (cmd);
  if (id != NULL)
    {
      g_autofree char *uuid = find_post (cmd, posts, id);

      post = uuid ? jg_post_store_load (posts, uuid, &cmd->error) : NULL;
    }
  else
    post = jg_post_store_create_blank (posts, column, &cmd->error);
  if (post == NULL)
    return jg_cli_fail (cmd);
  if (fields != NULL)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      json_object_iter_init (&iter, fields);
      while (json_object_iter_next (&iter, &key, &value))
        if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
          jg_post_set (post, key, json_node_get_string (value));
    }
  base = g_path_get_dirname (options->json);
  body = g_string_new (jg_post_get (post, "body") ?: "");
  for (guint i = 0; images != NULL && i < json_array_get_length (images); i++)
    {
      JsonObject *image = json_array_get_object_element (images, i);

      if (image == NULL || !add_image (posts, image, base, body, &cmd->error))
        return jg_cli_fail (cmd);
    }
  if (images != NULL)
    jg_post_set (post, "body", body->str);
  if (!jg_post_store_save (posts, post, &cmd->error))
    return jg_cli_fail (cmd);
  if (id == NULL)
    g_print ("%s\n", jg_post_get_uuid (post));
  jg_post_store_set_wording_list (posts, NULL);
  return STATUS_OK;
}

/* --- the command ---------------------------------------------------------- */

int
jg_cli_posts (Command *cmd)
{
  PostsOptions options = { 0 };
  const char *what;
  int status;
  const GOptionEntry entries[] = {
    { "column", 0, 0, G_OPTION_ARG_STRING, &options.column, N_("Only this column: dynamics or exposure"), "COLUMN" },
    { "month", 0, 0, G_OPTION_ARG_STRING, &options.month, N_("Only this month (Shanghai time)"), "YYYY-MM" },
    { "approve", 0, 0, G_OPTION_ARG_NONE, &options.approve, N_("Approve the post at its current level"), NULL },
    { "return", 0, 0, G_OPTION_ARG_STRING, &options.return_comment, N_("Return the post to its author with this comment"), "COMMENT" },
    { "comment", 0, 0, G_OPTION_ARG_STRING, &options.comment, N_("A comment with the approval"), "TEXT" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &options.json, N_("The fields (and images) of a new post"), "FILE" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &options.reason, N_("Why the post is withdrawn (published with it)"), "TEXT" },
    { "local", 0, 0, G_OPTION_ARG_NONE, &options.local, N_("Submit without sending: the next sync sends the post"), NULL },
    JG_CLI_SIGN_IN_ENTRIES (N_("As this user (default: the last one signed in)"),
                            &options.user, &options.password_stdin),
    { NULL }
  };

  if (!jg_cli_command_parse (cmd, entries))
    return STATUS_USAGE;
  what = cmd->argv[1];
  if (g_str_equal (what, "submit") || g_str_equal (what, "review") || g_str_equal (what, "edit")
      || g_str_equal (what, "withdraw") || g_str_equal (what, "delete"))
    {
      if (cmd->argc != 3)
        status = jg_cli_usage_error (cmd->context, _("Give the post’s identifier (see “posts list”)."));
      else if (g_str_equal (what, "edit"))
        status = posts_write (cmd, &options, cmd->argv[2]);
      else if (g_str_equal (what, "withdraw"))
        status = posts_withdraw (cmd, &options);
      else if (g_str_equal (what, "delete"))
        status = posts_delete (cmd, &options);
      else
        status = g_str_equal (what, "submit") ? posts_submit (cmd, &options) : posts_review (cmd, &options);
    }
  else if (cmd->argc != 2)
    status = jg_cli_usage_error (cmd->context, _("Give what to do: list, quota, new, edit ID, submit ID, review ID, withdraw ID or delete ID."));
  else if (g_str_equal (what, "list"))
    status = posts_list (cmd, &options);
  else if (g_str_equal (what, "quota"))
    status = posts_quota (cmd, &options);
  else if (g_str_equal (what, "new"))
    status = posts_write (cmd, &options, NULL);
  else
    status = jg_cli_usage_error (cmd->context, _("Give what to do: list, quota, new, edit ID, submit ID, review ID, withdraw ID or delete ID."));

  g_free (options.column);
  g_free (options.month);
  g_free (options.return_comment);
  g_free (options.comment);
  g_free (options.json);
  g_free (options.user);
  g_free (options.reason);
  g_free (options.server);
  g_clear_object (&options.account);
  return status;
}
