/* test-post.c — the post model: its fields, its storage and wire JSON
 *
 * The checks and the exposure prefill are in test-post-validate.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "jg-post.h"
#include "jg-test-posts.h"
#include "jg-test-util.h"
#include "jg-validate.h"

/* --- model and JSON ------------------------------------------------------ */

static void
test_labels (void)
{
  JgPostColumn column;
  JgPostState state;

  g_assert_cmpstr (jg_post_column_to_string (JG_POST_EXPOSURE), ==, "exposure");
  g_assert_true (jg_post_column_from_string ("dynamics", &column));
  g_assert_cmpint (column, ==, JG_POST_DYNAMICS);
  g_assert_false (jg_post_column_from_string ("news", &column));
  g_assert_cmpstr (jg_post_column_get_label (JG_POST_DYNAMICS), ==, "Supervision News");

  for (JgPostState s = JG_POST_STATE_DRAFT; s <= JG_POST_STATE_REJECTED; s++)
    {
      g_assert_true (jg_post_state_from_string (jg_post_state_to_string (s), &state));
      g_assert_cmpint (state, ==, s);
      g_assert_nonnull (jg_post_state_get_label (s));
    }
  g_assert_cmpstr (jg_post_state_to_string (JG_POST_STATE_IN_REVIEW), ==, "in_review");
  g_assert_cmpstr (jg_post_state_get_label (JG_POST_STATE_RETURNED), ==, "Returned");
  g_assert_false (jg_post_state_from_string ("approved", NULL));
}

static void
on_changed (JgPost     *post,
            const char *key,
            GPtrArray  *keys)
{
  g_ptr_array_add (keys, g_strdup (key));
}

static void
test_set_emits_changed (void)
{
  g_autoptr(JgPost) post = jg_post_new (JG_POST_DYNAMICS, "D1");
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (post, "changed", G_CALLBACK (on_changed), keys);
  jg_post_set (post, "title", "标题");
  jg_post_set (post, "title", "标题");   /* the same: no signal */
  jg_post_set (post, "author", "");       /* empty stays empty */
  jg_post_set (post, "title", NULL);
  g_assert_cmpuint (keys->len, ==, 2);
  g_assert_null (jg_post_get (post, "title"));
  g_assert_cmpuint (jg_post_get_revision (post), ==, 1);
  g_assert_cmpint (jg_post_get_state (post), ==, JG_POST_STATE_DRAFT);
  g_assert_true (g_uuid_string_is_valid (jg_post_get_uuid (post)));
}

static void
assert_same_post (JgPost *a,
                  JgPost *b)
{
  guint n;
  const JgPostFieldSpec *fields = jg_post_fields (jg_post_get_column (a), &n);

  g_assert_cmpint (jg_post_get_column (a), ==, jg_post_get_column (b));
  g_assert_cmpstr (jg_post_get_uuid (a), ==, jg_post_get_uuid (b));
  g_assert_cmpstr (jg_post_get_department (a), ==, jg_post_get_department (b));
  g_assert_cmpint (jg_post_get_state (a), ==, jg_post_get_state (b));
  g_assert_cmpuint (jg_post_get_revision (a), ==, jg_post_get_revision (b));
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (jg_post_get (a, fields[i].key), ==, jg_post_get (b, fields[i].key));
}

static void
test_json_round_trip (void)
{
  JgPost *posts[] = { jg_test_post_dynamics (), jg_test_post_exposure () };

  for (guint p = 0; p < G_N_ELEMENTS (posts); p++)
    {
      g_autoptr(JgPost) post = posts[p];
      g_autoptr(JgPost) back = NULL;
      g_autoptr(JgPost) copy = NULL;
      g_autofree char *json = NULL;
      g_autoptr(GError) error = NULL;

      /* Quotes, new lines and control characters survive. */
      jg_post_set (post, "title", "“引号”\"和\\反斜杠\n\t");
      jg_post_set_identity (post, NULL, 3, JG_POST_STATE_RETURNED);
      json = jg_post_to_json (post);
      back = jg_post_new_from_json (json, &error);
      g_assert_no_error (error);
      assert_same_post (post, back);
      copy = jg_post_copy (back);
      assert_same_post (post, copy);
    }
}

static void
test_json_damaged (void)
{
  const char *damaged[] = {
    "{",
    "[]",
    "{\"uuid\":\"6f1c1c1e-5b8a-4a4e-9d3e-1d2c3b4a5f60\",\"column\":\"news\"}",
    "{\"uuid\":\"x\",\"column\":\"dynamics\"}",
    "{\"uuid\":\"6f1c1c1e-5b8a-4a4e-9d3e-1d2c3b4a5f60\",\"column\":\"dynamics\",\"state\":\"approved\"}",
    "{\"uuid\":\"6f1c1c1e-5b8a-4a4e-9d3e-1d2c3b4a5f60\",\"column\":\"dynamics\",\"revision\":0}",
    /* a field of the other column */
    "{\"uuid\":\"6f1c1c1e-5b8a-4a4e-9d3e-1d2c3b4a5f60\",\"column\":\"dynamics\",\"fields\":{\"party_name\":\"x\"}}",
    "{\"uuid\":\"6f1c1c1e-5b8a-4a4e-9d3e-1d2c3b4a5f60\",\"column\":\"dynamics\",\"fields\":{\"title\":1}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JgPost) post = jg_post_new_from_json (damaged[i], &error);

      g_assert_null (post);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* The wire JSON of a post: its identity, its fields, the images of its
 * body and the checks the author saw, and the same post read back. */
static void
test_wire_json (void)
{
  g_autoptr(JgPost) post = jg_test_post_dynamics ();
  g_autoptr(GPtrArray) checks = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_issue_free);
  const char *args[] = { "Title", NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JgPost) back = NULL;
  g_autoptr(GPtrArray) read_checks = NULL;
  g_auto(GStrv) images = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object, *fields, *check;
  JsonArray *array;
  char op = 0;

  g_ptr_array_add (checks, jg_issue_new ("title", JG_ISSUE_WARNING, "“%s” is required. Fill it in.", args, 1));
  jg_post_append_wire_json (out, post, 'u', checks);
  root = parse (out->str);
  object = json_node_get_object (root);

  g_assert_cmpstr (json_object_get_string_member (object, "uuid"), ==, jg_post_get_uuid (post));
  g_assert_cmpint (json_object_get_int_member (object, "revision"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "op"), ==, "u");
  g_assert_cmpstr (json_object_get_string_member (object, "column"), ==, "dynamics");
  g_assert_cmpstr (json_object_get_string_member (object, "department"), ==, "D1");
  g_assert_false (json_object_has_member (object, "state"));   /* the server decides it */
  fields = json_object_get_object_member (object, "fields");
  g_assert_cmpstr (json_object_get_string_member (fields, "title"), ==, jg_test_post_dynamics_values[1]);
  array = json_object_get_array_member (object, "images");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, JG_TEST_IMAGE_HASH);
  array = json_object_get_array_member (object, "checks");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  check = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (check, "field"), ==, "title");
  g_assert_cmpstr (json_object_get_string_member (check, "severity"), ==, "warning");
  g_assert_cmpstr (json_object_get_string_member (check, "template"), ==, "“%s” is required. Fill it in.");
  g_assert_cmpstr (json_object_get_string_member (check, "message"), ==, "“Title” is required. Fill it in.");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (check, "args"), 0),
                                                  "msgid"), ==, "Title");

  back = jg_post_new_from_wire (object, &op, &read_checks, &images, &error);
  g_assert_no_error (error);
  g_assert_cmpint (op, ==, 'u');
  assert_same_post (post, back);
  g_assert_cmpuint (read_checks->len, ==, 1);
  g_assert_cmpstr (((JgIssue *) read_checks->pdata[0])->message, ==, "“Title” is required. Fill it in.");
  g_assert_cmpint (((JgIssue *) read_checks->pdata[0])->severity, ==, JG_ISSUE_WARNING);
  g_assert_cmpuint (g_strv_length (images), ==, 1);

  /* A deletion carries the identity only. */
  g_string_truncate (out, 0);
  jg_post_append_wire_json (out, post, 'd', NULL);
  g_clear_pointer (&root, json_node_unref);
  root = parse (out->str);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "op"), ==, "d");
  g_assert_false (json_object_has_member (object, "fields"));
  g_assert_false (json_object_has_member (object, "checks"));
}

static void
test_wire_json_damaged (void)
{
  const char *damaged[] = {
    "{\"uuid\":\"6f1c1c1e-5b8a-4a4e-9d3e-1d2c3b4a5f60\",\"revision\":1,\"op\":\"x\",\"column\":\"dynamics\"}",
    "{\"uuid\":\"6f1c1c1e-5b8a-4a4e-9d3e-1d2c3b4a5f60\",\"revision\":1,\"op\":\"u\",\"column\":\"dynamics\",\"images\":[\"/home/li/a.jpg\"]}",
    "{\"uuid\":\"6f1c1c1e-5b8a-4a4e-9d3e-1d2c3b4a5f60\",\"revision\":1,\"op\":\"u\",\"column\":\"dynamics\",\"checks\":[{\"field\":\"title\"}]}",
    "{\"uuid\":\"6f1c1c1e-5b8a-4a4e-9d3e-1d2c3b4a5f60\",\"revision\":1,\"op\":\"u\",\"column\":\"dynamics\",\"checks\":[{\"message\":\"m\",\"severity\":\"fatal\"}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autoptr(JsonNode) root = parse (damaged[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(JgPost) post = jg_post_new_from_wire (json_node_get_object (root), NULL, NULL, NULL, &error);

      g_assert_null (post);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

/* A check written by an author's workstation reads in the reviewer's
 * language; one without a template keeps its sentence. */
static void
test_checks_in_readers_language (void)
{
  const char *json = "[{\"field\":\"party_name\",\"severity\":\"error\","
                     "\"message\":\"“Party name” is required. Fill it in.\","
                     "\"template\":\"“%s” is required. Fill it in.\",\"args\":[{\"msgid\":\"Party name\"}]},"
                     "{\"field\":null,\"message\":\"Character 3 is a space.\"}]";
  g_autoptr(JsonNode) root = parse (json);
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  char *saved = jg_test_use_chinese ();

  if (saved == NULL)
    return;
  issues = jg_issues_new_from_json (root, &error);
  jg_test_restore_locale (saved);
  g_assert_no_error (error);
  g_assert_cmpuint (issues->len, ==, 2);
  g_assert_nonnull (strstr (((JgIssue *) issues->pdata[0])->message, "行政相对人"));
  g_assert_cmpstr (((JgIssue *) issues->pdata[1])->message, ==, "Character 3 is a space.");
  g_assert_null (((JgIssue *) issues->pdata[1])->field);
  g_assert_cmpint (((JgIssue *) issues->pdata[1])->severity, ==, JG_ISSUE_ERROR);

  /* Written again, the template and its label argument travel on. */
  jg_issues_append_json (out, issues);
  g_assert_nonnull (strstr (out->str, "{\"msgid\":\"Party name\"}"));
  g_assert_nonnull (strstr (out->str, "\"field\":null"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/post/labels", test_labels);
  g_test_add_func ("/post/set-emits-changed", test_set_emits_changed);
  g_test_add_func ("/post/json/round-trip", test_json_round_trip);
  g_test_add_func ("/post/json/damaged", test_json_damaged);
  g_test_add_func ("/post/wire/shape", test_wire_json);
  g_test_add_func ("/post/wire/damaged", test_wire_json_damaged);
  g_test_add_func ("/post/wire/checks-in-the-readers-language", test_checks_in_readers_language);

  return g_test_run ();
}
