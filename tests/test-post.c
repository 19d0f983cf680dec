/* test-post.c — the post model: its JSON, its checks, the exposure prefill
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "jg-id-check.h"
#include "jg-post-exposure.h"
#include "jg-post-validate.h"
#include "jg-post.h"
#include "jg-test-util.h"

#define TODAY "2024-06-01"
#define ORG_CODE "91440300708461136T"
#define IMAGE_HASH "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

/* A resident ID number born on @birth (YYYYMMDD) with its check digit. */
static char *
id_number (const char *birth)
{
  g_autofree char *first17 = g_strdup_printf ("445202%s123", birth);

  return g_strdup_printf ("%s%c", first17, jg_id_number_compute_check (first17));
}

/* A valid credit code of a government body (机关, "11"). */
static char *
authority_code (void)
{
  const char *first17 = "11445200007206541";

  return g_strdup_printf ("%s%c", first17, jg_credit_code_compute_check (first17));
}

static const char * const dynamics[] = {
  "title", "市市场监管局开展春季食品安全专项整治",
  "summary", "全市检查食品经营者 1200 家。",
  "body", "<p>3月以来，市市场监管局开展<strong>春季食品安全</strong>专项整治。</p>"
          "<figure><img src=\"jg-image:" IMAGE_HASH "\" alt=\"执法人员检查后厨\">"
          "<figcaption>检查现场</figcaption></figure>",
  "source_department", "445200-SCJG",
  "author", "李某",
  "tags", "campaign;enforcement",
  "record_links", "6f1c1c1e-5b8a-4a4e-9d3e-1d2c3b4a5f60",
  NULL,
};

static void
set_all (JgPost             *post,
         const char * const *values)
{
  for (guint i = 0; values[i] != NULL; i += 2)
    jg_post_set (post, values[i], values[i + 1]);
}

static JgPost *
valid_dynamics (void)
{
  JgPost *post = jg_post_new (JG_POST_DYNAMICS, "D1");

  set_all (post, dynamics);
  return post;
}

static JgPost *
valid_exposure (void)
{
  JgPost *post = jg_post_new (JG_POST_EXPOSURE, "D1");
  g_autofree char *authority = authority_code ();
  const char * const values[] = {
    "title", "关于揭阳市榕城区某某食品有限公司的行政处罚信息公示",
    "party_name", "揭阳市榕城区某某食品有限公司",
    "party_kind", JG_POST_PARTY_ORGANISATION,
    "credit_code", ORG_CODE,
    "legal_rep", "王某",
    "decision_no", "揭市监罚〔2024〕1号",
    "procedure", JG_POST_PROCEDURE_NORMAL,
    "violation_type", "生产不符合标准食品",
    "facts", "经查，当事人生产的食品不符合标准。",
    "legal_basis", "《中华人民共和国食品安全法》第一百二十四条",
    "penalty_category", "02",
    "penalty_content", "罚款人民币伍仟元。",
    "fine_amount", "0.5",
    "decision_date", "2024-03-20",
    "authority", "揭阳市市场监督管理局",
    "authority_credit_code", authority,
    "sector", JG_POST_SECTOR_OTHER,
    "disclosure_end", "2027-03-20",
    "data_source", "揭阳市市场监督管理局",
    "data_source_credit_code", authority,
    "party_is_minor", "0",
    NULL,
  };

  set_all (post, values);
  return post;
}

/* A natural person's exposure, valid: name and ID number masked. */
static JgPost *
valid_person_exposure (void)
{
  JgPost *post = valid_exposure ();

  jg_post_set (post, "title", "关于张某的行政处罚信息公示");
  jg_post_set (post, "party_kind", JG_POST_PARTY_NATURAL_PERSON);
  jg_post_set (post, "party_name", "张某");
  jg_post_set (post, "credit_code", NULL);
  jg_post_set (post, "legal_rep", NULL);
  jg_post_set (post, "id_type", "111");
  jg_post_set (post, "id_number", "445202********1234");
  return post;
}

static void
dump (GPtrArray *issues)
{
  for (guint i = 0; i < issues->len; i++)
    {
      JgIssue *issue = issues->pdata[i];
      g_test_message ("%s %s: %s", issue->severity == JG_ISSUE_ERROR ? "error" : "warning",
                      issue->field, issue->message);
    }
}

/* The first issue of @severity on @field, or NULL. */
static JgIssue *
find_issue (GPtrArray       *issues,
            const char      *field,
            JgIssueSeverity  severity)
{
  for (guint i = 0; i < issues->len; i++)
    {
      JgIssue *issue = issues->pdata[i];

      if (g_strcmp0 (issue->field, field) == 0 && issue->severity == severity)
        return issue;
    }
  return NULL;
}

static GPtrArray *
validate (JgPost *post)
{
  GPtrArray *issues = jg_post_validate (post, TODAY);

  dump (issues);
  return issues;
}

/* @post has an error on @field whose message contains @text (may be NULL),
 * and no error once @fix_key is set to @fix_value. */
static void
assert_rule (JgPost          *post,
             const char      *field,
             JgIssueSeverity  severity,
             const char      *text,
             const char      *fix_key,
             const char      *fix_value)
{
  g_autoptr(GPtrArray) before = validate (post);
  g_autoptr(GPtrArray) after = NULL;
  JgIssue *issue = find_issue (before, field, severity);

  g_assert_nonnull (issue);
  if (text != NULL)
    g_assert_nonnull (strstr (issue->message, text));
  jg_post_set (post, fix_key, fix_value);
  after = validate (post);
  g_assert_null (find_issue (after, field, severity));
}

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
  JgPost *posts[] = { valid_dynamics (), valid_exposure () };

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
  g_autoptr(JgPost) post = valid_dynamics ();
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
  g_assert_cmpstr (json_object_get_string_member (fields, "title"), ==, dynamics[1]);
  array = json_object_get_array_member (object, "images");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, IMAGE_HASH);
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

/* --- checks -------------------------------------------------------------- */

static void
test_valid_posts_pass (void)
{
  JgPost *posts[] = { valid_dynamics (), valid_exposure (), valid_person_exposure () };

  for (guint p = 0; p < G_N_ELEMENTS (posts); p++)
    {
      g_autoptr(JgPost) post = posts[p];
      g_autoptr(GPtrArray) issues = validate (post);

      g_assert_cmpuint (issues->len, ==, 0);
    }
}

static void
test_title_is_required (void)
{
  g_autoptr(JgPost) post = valid_dynamics ();

  jg_post_set (post, "title", NULL);
  assert_rule (post, "title", JG_ISSUE_ERROR, "“Title” is required", "title", "本月监管动态");
}

/* Sixty Chinese characters (180 bytes) are a title; sixty-one are not. */
static void
test_title_of_61_characters_is_too_long (void)
{
  g_autoptr(JgPost) post = valid_dynamics ();
  g_autoptr(GString) title = g_string_new (NULL);

  for (guint i = 0; i < JG_POST_TITLE_MAX_LENGTH + 1; i++)
    g_string_append (title, "监");
  jg_post_set (post, "title", title->str);
  g_string_truncate (title, title->len - strlen ("监"));
  assert_rule (post, "title", JG_ISSUE_ERROR, "61 characters, but at most 60", "title", title->str);
}

static void
test_summary_longer_than_allowed (void)
{
  g_autoptr(JgPost) post = valid_dynamics ();
  g_autofree char *summary = g_strnfill (201, 'a');

  jg_post_set (post, "summary", summary);
  assert_rule (post, "summary", JG_ISSUE_ERROR, "at most 200", "summary", "短摘要。");
}

static void
test_body_must_be_the_html_subset (void)
{
  g_autoptr(JgPost) post = valid_dynamics ();

  jg_post_set (post, "body", "<p onclick=\"x()\">文字</p><script>alert(1)</script>");
  assert_rule (post, "body", JG_ISSUE_ERROR, NULL, "body", "<p>文字</p>");
}

static void
test_dynamics_needs_author_and_department (void)
{
  g_autoptr(JgPost) post = valid_dynamics ();

  jg_post_set (post, "author", NULL);
  jg_post_set (post, "source_department", NULL);
  assert_rule (post, "author", JG_ISSUE_ERROR, "“Author” is required", "author", "李某");
  assert_rule (post, "source_department", JG_ISSUE_ERROR, NULL, "source_department", "445200-SCJG");
}

static void
test_tags_from_the_list (void)
{
  g_autoptr(JgPost) post = valid_dynamics ();

  jg_post_set (post, "tags", "campaign;专项整治");
  assert_rule (post, "tags", JG_ISSUE_ERROR, "“专项整治”", "tags", "campaign;random_check;training;other");
}

static void
test_record_links_are_records (void)
{
  g_autoptr(JgPost) post = valid_dynamics ();

  jg_post_set (post, "record_links", "6f1c1c1e-5b8a-4a4e-9d3e-1d2c3b4a5f60;JC-2024-0001");
  assert_rule (post, "record_links", JG_ISSUE_ERROR, "“JC-2024-0001”", "record_links",
               "6f1c1c1e-5b8a-4a4e-9d3e-1d2c3b4a5f60;7a2d2d2f-6c9b-4b5f-8e4f-2e3d4c5b6a71");
}

static void
test_organisation_needs_credit_code_and_legal_rep (void)
{
  g_autoptr(JgPost) post = valid_exposure ();

  jg_post_set (post, "credit_code", NULL);
  jg_post_set (post, "legal_rep", NULL);
  assert_rule (post, "credit_code", JG_ISSUE_ERROR, "for a party of kind “Organisation”", "credit_code", ORG_CODE);
  assert_rule (post, "legal_rep", JG_ISSUE_ERROR, NULL, "legal_rep", "王某");
}

static void
test_individual_business_needs_credit_code (void)
{
  g_autoptr(JgPost) post = valid_exposure ();
  g_autoptr(GPtrArray) issues = NULL;

  jg_post_set (post, "party_kind", JG_POST_PARTY_INDIVIDUAL_BUSINESS);
  jg_post_set (post, "legal_rep", NULL);   /* an operator, not required */
  jg_post_set (post, "credit_code", NULL);
  issues = validate (post);
  g_assert_null (find_issue (issues, "legal_rep", JG_ISSUE_ERROR));
  assert_rule (post, "credit_code", JG_ISSUE_ERROR, NULL, "credit_code", ORG_CODE);
}

static void
test_natural_person_needs_id_type_and_number (void)
{
  g_autoptr(JgPost) post = valid_person_exposure ();

  jg_post_set (post, "id_type", NULL);
  jg_post_set (post, "id_number", NULL);
  assert_rule (post, "id_type", JG_ISSUE_ERROR, "“Natural person”", "id_type", "111");
  assert_rule (post, "id_number", JG_ISSUE_ERROR, NULL, "id_number", "445202********1234");
}

static void
test_credit_code_by_check_digit (void)
{
  g_autoptr(JgPost) post = valid_exposure ();

  jg_post_set (post, "credit_code", "91440300708461136A");
  assert_rule (post, "credit_code", JG_ISSUE_ERROR, NULL, "credit_code", ORG_CODE);
  jg_post_set (post, "authority_credit_code", "11445200007206541X");
  assert_rule (post, "authority_credit_code", JG_ISSUE_ERROR, NULL, "authority_credit_code", ORG_CODE);
}

static void
test_decision_date_must_be_real (void)
{
  g_autoptr(JgPost) post = valid_exposure ();

  jg_post_set (post, "decision_date", "2024-02-30");
  assert_rule (post, "decision_date", JG_ISSUE_ERROR, "not a real date", "decision_date", "2024-02-29");
}

static void
test_decision_date_not_in_the_future (void)
{
  g_autoptr(JgPost) post = valid_exposure ();

  jg_post_set (post, "decision_date", "2024-06-02");
  assert_rule (post, "decision_date", JG_ISSUE_ERROR, "in the future", "decision_date", TODAY);
}

static void
test_amounts_in_wan (void)
{
  g_autoptr(JgPost) post = valid_exposure ();

  jg_post_set (post, "fine_amount", "5000元");
  assert_rule (post, "fine_amount", JG_ISSUE_ERROR, "10,000 yuan", "fine_amount", "0.123456");
  jg_post_set (post, "confiscation_amount", "0.1234567");   /* below the fen */
  assert_rule (post, "confiscation_amount", JG_ISSUE_ERROR, NULL, "confiscation_amount", "12");
}

static void
test_fine_needs_its_amount (void)
{
  g_autoptr(JgPost) post = valid_exposure ();

  jg_post_set (post, "fine_amount", NULL);
  assert_rule (post, "fine_amount", JG_ISSUE_ERROR, "includes a fine", "fine_amount", "0.5");
}

static void
test_choices_from_the_list (void)
{
  g_autoptr(JgPost) post = valid_exposure ();

  jg_post_set (post, "party_kind", "company");
  assert_rule (post, "party_kind", JG_ISSUE_ERROR, "“company”", "party_kind", JG_POST_PARTY_ORGANISATION);
  jg_post_set (post, "penalty_category", "02;99");
  assert_rule (post, "penalty_category", JG_ISSUE_ERROR, "“99”", "penalty_category", "02;03");
}

static void
test_disclosure_end_defaults_to_three_years (void)
{
  g_autofree char *end = jg_post_default_disclosure_end ("2024-03-20");
  g_autofree char *leap = jg_post_default_disclosure_end ("2024-02-29");
  g_autofree char *bad = jg_post_default_disclosure_end ("2024-02-30");
  g_autofree char *min = jg_post_min_disclosure_end ("2024-11-30", NULL);
  g_autofree char *min_fire = jg_post_min_disclosure_end ("2024-11-30", JG_POST_SECTOR_FIRE);

  g_assert_cmpstr (end, ==, "2027-03-20");
  g_assert_cmpstr (leap, ==, "2027-02-28");
  g_assert_null (bad);
  g_assert_cmpstr (min, ==, "2025-02-28");
  g_assert_cmpstr (min_fire, ==, "2025-11-30");
}

static void
test_disclosure_shorter_than_three_months (void)
{
  g_autoptr(JgPost) post = valid_exposure ();

  jg_post_set (post, "decision_date", "2024-05-01");
  jg_post_set (post, "disclosure_end", "2024-07-31");
  assert_rule (post, "disclosure_end", JG_ISSUE_ERROR, "2024-08-01", "disclosure_end", "2024-08-01");
}

static void
test_safety_sector_disclosure_lasts_a_year (void)
{
  g_autoptr(JgPost) post = valid_exposure ();

  jg_post_set (post, "decision_date", "2024-05-01");
  jg_post_set (post, "disclosure_end", "2025-01-01");   /* fine elsewhere */
  jg_post_set (post, "sector", JG_POST_SECTOR_SPECIAL_EQUIPMENT);
  assert_rule (post, "disclosure_end", JG_ISSUE_ERROR, "2025-05-01", "sector", JG_POST_SECTOR_OTHER);
  jg_post_set (post, "sector", JG_POST_SECTOR_WORK_SAFETY);
  assert_rule (post, "disclosure_end", JG_ISSUE_ERROR, NULL, "disclosure_end", "2025-05-01");
}

static void
test_disclosure_longer_than_three_years (void)
{
  g_autoptr(JgPost) post = valid_exposure ();

  jg_post_set (post, "disclosure_end", "2027-03-21");
  assert_rule (post, "disclosure_end", JG_ISSUE_ERROR, "more than 3 years", "disclosure_end", "2027-03-20");
}

static void
test_disclosure_already_ended (void)
{
  g_autoptr(JgPost) post = valid_exposure ();

  jg_post_set (post, "decision_date", "2024-01-02");
  jg_post_set (post, "disclosure_end", "2024-05-31");
  assert_rule (post, "disclosure_end", JG_ISSUE_ERROR, "ended on 2024-05-31", "disclosure_end", TODAY);
}

static void
test_minors_cases_cannot_be_exposed (void)
{
  g_autoptr(JgPost) post = valid_person_exposure ();

  jg_post_set (post, "party_is_minor", "1");
  assert_rule (post, "party_is_minor", JG_ISSUE_ERROR, "minors", "party_is_minor", "0");
}

static void
test_warning_only_is_normally_not_published (void)
{
  g_autoptr(JgPost) post = valid_exposure ();
  g_autoptr(GPtrArray) issues = NULL;

  jg_post_set (post, "penalty_category", JG_POST_PENALTY_WARNING);
  issues = validate (post);
  g_assert_false (jg_issues_have_errors (issues));   /* a warning, it does not block */
  assert_rule (post, "penalty_category", JG_ISSUE_WARNING, "warning only", "penalty_category", "01;02");
}

static void
test_simplified_procedure_is_normally_not_published (void)
{
  g_autoptr(JgPost) post = valid_exposure ();
  g_autoptr(GPtrArray) issues = NULL;

  jg_post_set (post, "procedure", JG_POST_PROCEDURE_SIMPLIFIED);
  issues = validate (post);
  g_assert_false (jg_issues_have_errors (issues));
  assert_rule (post, "procedure", JG_ISSUE_WARNING, "simplified procedure", "procedure", JG_POST_PROCEDURE_NORMAL);
}

static void
test_natural_persons_name_is_masked (void)
{
  g_autoptr(JgPost) post = valid_person_exposure ();

  jg_post_set (post, "party_name", "张三丰");
  assert_rule (post, "party_name", JG_ISSUE_ERROR, "Write “张某”", "party_name", "张某");
}

static void
test_organisations_name_is_not_masked (void)
{
  g_autoptr(JgPost) post = valid_exposure ();
  g_autoptr(GPtrArray) issues = validate (post);

  g_assert_null (find_issue (issues, "party_name", JG_ISSUE_ERROR));
}

static void
test_id_number_is_published_masked_only (void)
{
  g_autoptr(JgPost) post = valid_person_exposure ();
  g_autofree char *id = id_number ("19900307");
  g_autoptr(GPtrArray) issues = NULL;
  JgIssue *issue;

  jg_post_set (post, "id_number", id);
  issues = validate (post);
  issue = find_issue (issues, "id_number", JG_ISSUE_ERROR);
  g_assert_nonnull (issue);
  g_assert_null (strstr (issue->message, id));   /* the suggestion is masked */
  g_assert_nonnull (strstr (issue->message, "445202********123"));
  assert_rule (post, "id_number", JG_ISSUE_ERROR, NULL, "id_number", "445202********1230");
}

/* An ID number in the facts is flagged by its check digit; an 18-digit
 * number whose check digit fails (a case number) is left alone. */
static void
test_privacy_guard_flags_an_id_number_in_the_facts (void)
{
  g_autoptr(JgPost) post = valid_exposure ();
  g_autofree char *id = id_number ("19900307");
  g_autofree char *facts = g_strdup_printf ("经查，当事人（身份证号%s）生产的食品不符合标准。", id);
  g_autofree char *wrong = g_strdup (facts);
  g_autoptr(GPtrArray) issues = NULL;
  JgIssue *issue;
  char *digit = strstr (wrong, id) + JG_ID_NUMBER_LENGTH - 1;

  *digit = *digit == '9' ? '0' : *digit + 1;   /* another check digit */
  jg_post_set (post, "facts", facts);
  issues = validate (post);
  issue = find_issue (issues, "facts", JG_ISSUE_ERROR);
  g_assert_nonnull (issue);
  g_assert_nonnull (strstr (issue->message, "ID number"));
  g_assert_null (strstr (issue->message, id));
  assert_rule (post, "facts", JG_ISSUE_ERROR, NULL, "facts", wrong);
}

static void
test_privacy_guard_flags_a_phone_in_the_narrative (void)
{
  g_autoptr(JgPost) post = valid_exposure ();

  jg_post_set (post, "narrative", "举报电话：13812345678。");
  assert_rule (post, "narrative", JG_ISSUE_ERROR, "phone number", "narrative", "举报电话：12315。");
}

static void
test_privacy_guard_reads_the_body_text (void)
{
  g_autoptr(JgPost) post = valid_dynamics ();

  jg_post_set (post, "body", "<p>联系人手机13812345678。</p>");
  assert_rule (post, "body", JG_ISSUE_ERROR, "phone number", "body", "<p>联系电话12315。</p>");
}

static void
test_party_full_name_in_the_facts (void)
{
  g_autoptr(JgPost) post = valid_person_exposure ();

  jg_post_set (post, "party_name", "张三丰");
  jg_post_set (post, "facts", "经查，张三丰销售过期食品。");
  assert_rule (post, "facts", JG_ISSUE_ERROR, "“张某”", "facts", "经查，张某销售过期食品。");
}

static void
test_issues_in_field_order (void)
{
  g_autoptr(JgPost) post = valid_exposure ();
  g_autoptr(GPtrArray) issues = NULL;
  int last = -1;

  jg_post_set (post, "source_record", "x");
  jg_post_set (post, "title", NULL);
  jg_post_set (post, "procedure", JG_POST_PROCEDURE_SIMPLIFIED);
  jg_post_set (post, "decision_no", NULL);
  issues = validate (post);
  g_assert_cmpuint (issues->len, ==, 4);
  for (guint i = 0; i < issues->len; i++)
    {
      int at = jg_post_field_index (JG_POST_EXPOSURE, ((JgIssue *) issues->pdata[i])->field);

      g_assert_cmpint (at, >, last);
      last = at;
    }
}

/* --- the exposure from a penalty record ---------------------------------- */

static const char * const penalty_values[] = {
  "catalogue_code", "44000000000002",
  "impl_body", "揭阳市市场监督管理局",
  "object_type", "1",
  "object_name", "揭阳市榕城区某某食品有限公司",
  "party_name", "揭阳市榕城区某某食品有限公司",
  "party_nature", "02",
  "party_doc_type", "001",
  "party_code", ORG_CODE,
  "region", "445202",
  "name", "生产不符合标准食品案",
  "number", "CF-2024-0001",
  "case_source", "01",
  "inspection_number", "JC-2023-0009",
  "illegal_facts", "经查，当事人生产的食品不符合标准。",
  "penalty_basis", "《中华人民共和国食品安全法》第一百二十四条",
  "penalty_procedure", "02",
  "hearing", "0",
  "criminal", "0",
  "decision_no", "揭市监罚〔2024〕1号",
  "decision_date", "2024-03-20",
  "penalty_kind", "02",
  "fine_amount", "5000.00",
  "penalty_result", "罚款人民币伍仟元。",
  "reconsideration", "0",
  "litigation", "0",
  "no_penalty", "0",
  "officers", "o1;o2",
  NULL,
};

static JgRecord *
penalty_record (void)
{
  JgRecord *record = jg_record_new (JG_RECORD_PENALTY, "D1");

  for (guint i = 0; penalty_values[i] != NULL; i += 2)
    jg_record_set (record, penalty_values[i], penalty_values[i + 1]);
  g_autofree char *code = authority_code ();
  jg_record_set (record, "impl_body_code", code);
  return record;
}

static void
test_exposure_prefilled_from_a_penalty (void)
{
  g_autoptr(JgRecord) record = penalty_record ();
  g_autoptr(JgPost) post = jg_post_new_exposure_from_record (record, TODAY);
  g_autofree char *code = authority_code ();
  g_autoptr(GPtrArray) issues = NULL;

  g_assert_cmpint (jg_post_get_column (post), ==, JG_POST_EXPOSURE);
  g_assert_cmpstr (jg_post_get_department (post), ==, "D1");
  g_assert_cmpstr (jg_post_get (post, "title"), ==, "关于揭阳市榕城区某某食品有限公司的行政处罚信息公示");
  g_assert_cmpstr (jg_post_get (post, "party_kind"), ==, JG_POST_PARTY_ORGANISATION);
  g_assert_cmpstr (jg_post_get (post, "credit_code"), ==, ORG_CODE);
  g_assert_cmpstr (jg_post_get (post, "decision_no"), ==, "揭市监罚〔2024〕1号");
  g_assert_cmpstr (jg_post_get (post, "facts"), ==, "经查，当事人生产的食品不符合标准。");
  g_assert_cmpstr (jg_post_get (post, "legal_basis"), ==, "《中华人民共和国食品安全法》第一百二十四条");
  g_assert_cmpstr (jg_post_get (post, "penalty_category"), ==, "02");
  g_assert_cmpstr (jg_post_get (post, "penalty_content"), ==, "罚款人民币伍仟元。");
  g_assert_cmpstr (jg_post_get (post, "fine_amount"), ==, "0.5");   /* 5000 yuan in 万元 */
  g_assert_cmpstr (jg_post_get (post, "procedure"), ==, JG_POST_PROCEDURE_NORMAL);
  g_assert_cmpstr (jg_post_get (post, "decision_date"), ==, "2024-03-20");
  g_assert_cmpstr (jg_post_get (post, "disclosure_end"), ==, "2027-03-20");
  g_assert_cmpstr (jg_post_get (post, "authority"), ==, "揭阳市市场监督管理局");
  g_assert_cmpstr (jg_post_get (post, "authority_credit_code"), ==, code);
  g_assert_cmpstr (jg_post_get (post, "source_record"), ==, jg_record_get_uuid (record));
  g_assert_nonnull (jg_post_get (post, "narrative"));

  /* What the record cannot give (the legal representative) is all the
   * author has to add. */
  issues = validate (post);
  g_assert_cmpuint (issues->len, ==, 1);
  g_assert_nonnull (find_issue (issues, "legal_rep", JG_ISSUE_ERROR));
}

static void
test_amounts_convert_to_wan (void)
{
  const char *cases[][2] = {
    { "5000.00", "0.5" }, { "1234.56", "0.123456" }, { "10000", "1" },
    { "0.01", "0.000001" }, { "200000.5", "20.00005" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JgRecord) record = penalty_record ();
      g_autoptr(JgPost) post = NULL;

      jg_record_set (record, "fine_amount", cases[i][0]);
      post = jg_post_new_exposure_from_record (record, TODAY);
      g_assert_cmpstr (jg_post_get (post, "fine_amount"), ==, cases[i][1]);
    }
}

static JgRecord *
person_penalty_record (const char *id)
{
  JgRecord *record = penalty_record ();
  g_autofree char *facts = g_strdup_printf ("经查，张三丰（身份证号%s，电话13812345678）销售过期食品。", id);

  jg_record_set (record, "party_name", "张三丰");
  jg_record_set (record, "party_nature", "01");
  jg_record_set (record, "party_doc_type", "111");
  jg_record_set (record, "party_code", id);
  jg_record_set (record, "illegal_facts", facts);
  return record;
}

static void
test_natural_person_prefilled_masked (void)
{
  g_autofree char *id = id_number ("19900307");
  g_autoptr(JgRecord) record = person_penalty_record (id);
  g_autoptr(JgPost) post = jg_post_new_exposure_from_record (record, TODAY);
  g_autoptr(GPtrArray) issues = NULL;
  g_autofree char *json = jg_post_to_json (post);

  g_assert_cmpstr (jg_post_get (post, "party_kind"), ==, JG_POST_PARTY_NATURAL_PERSON);
  g_assert_cmpstr (jg_post_get (post, "party_name"), ==, "张某");
  g_assert_cmpstr (jg_post_get (post, "title"), ==, "关于张某的行政处罚信息公示");
  g_assert_cmpstr (jg_post_get (post, "id_type"), ==, "111");
  g_assert_true (jg_post_id_number_is_masked (jg_post_get (post, "id_number")));
  g_assert_cmpstr (jg_post_get (post, "party_is_minor"), ==, "0");
  g_assert_null (jg_post_get (post, "credit_code"));
  /* Nowhere in the post: not the ID number, not the full name, not the phone. */
  g_assert_null (strstr (json, id));
  g_assert_null (strstr (json, "张三丰"));
  g_assert_null (strstr (json, "13812345678"));

  issues = validate (post);
  g_assert_false (jg_issues_have_errors (issues));
}

static void
test_minor_recognised_from_the_id_number (void)
{
  g_autofree char *id = id_number ("20100307");
  g_autoptr(JgRecord) record = person_penalty_record (id);
  g_autoptr(JgPost) post = jg_post_new_exposure_from_record (record, TODAY);
  g_autoptr(GPtrArray) issues = validate (post);

  g_assert_cmpstr (jg_post_get (post, "party_is_minor"), ==, "1");
  g_assert_nonnull (find_issue (issues, "party_is_minor", JG_ISSUE_ERROR));
}

static void
test_individual_business_recognised_by_its_code (void)
{
  g_autoptr(JgRecord) record = penalty_record ();
  g_autoptr(JgPost) post = NULL;
  const char *first17 = "92445202MA4W12345";
  g_autofree char *code = g_strdup_printf ("%s%c", first17, jg_credit_code_compute_check (first17));

  jg_record_set (record, "party_nature", "03");
  jg_record_set (record, "party_code", code);
  post = jg_post_new_exposure_from_record (record, TODAY);
  g_assert_cmpstr (jg_post_get (post, "party_kind"), ==, JG_POST_PARTY_INDIVIDUAL_BUSINESS);
  g_assert_cmpstr (jg_post_get (post, "credit_code"), ==, code);
}

static void
test_narrative_names_the_decision_never_the_id (void)
{
  g_autofree char *id = id_number ("19900307");
  g_autoptr(JgRecord) record = person_penalty_record (id);
  g_autoptr(JgPost) post = jg_post_new_exposure_from_record (record, TODAY);
  g_autofree char *narrative = NULL;
  g_autofree char *facts = g_strdup_printf ("当事人身份证号%s。", id);

  /* Even when the author typed the full name and the ID into the facts. */
  jg_post_set (post, "party_name", "张三丰");
  jg_post_set (post, "facts", facts);
  narrative = jg_post_exposure_narrative (post);
  g_test_message ("%s", narrative);
  g_assert_nonnull (strstr (narrative, "揭市监罚〔2024〕1号"));
  g_assert_nonnull (strstr (narrative, "张某"));
  g_assert_nonnull (strstr (narrative, "2024年3月20日"));
  g_assert_nonnull (strstr (narrative, "公示期限至2027年3月20日"));
  g_assert_null (strstr (narrative, "张三丰"));
  g_assert_null (strstr (narrative, id));
  g_assert_null (strstr (narrative, id + 6));   /* no part past the region either */
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

  g_test_add_func ("/post/validate/valid-posts-pass", test_valid_posts_pass);
  g_test_add_func ("/post/validate/title-is-required", test_title_is_required);
  g_test_add_func ("/post/validate/title-of-61-characters-is-too-long", test_title_of_61_characters_is_too_long);
  g_test_add_func ("/post/validate/summary-longer-than-allowed", test_summary_longer_than_allowed);
  g_test_add_func ("/post/validate/body-must-be-the-html-subset", test_body_must_be_the_html_subset);
  g_test_add_func ("/post/validate/dynamics-needs-author-and-department", test_dynamics_needs_author_and_department);
  g_test_add_func ("/post/validate/tags-from-the-list", test_tags_from_the_list);
  g_test_add_func ("/post/validate/record-links-are-records", test_record_links_are_records);
  g_test_add_func ("/post/validate/organisation-needs-credit-code-and-legal-rep",
                   test_organisation_needs_credit_code_and_legal_rep);
  g_test_add_func ("/post/validate/individual-business-needs-credit-code", test_individual_business_needs_credit_code);
  g_test_add_func ("/post/validate/natural-person-needs-id-type-and-number",
                   test_natural_person_needs_id_type_and_number);
  g_test_add_func ("/post/validate/credit-code-by-check-digit", test_credit_code_by_check_digit);
  g_test_add_func ("/post/validate/decision-date-must-be-real", test_decision_date_must_be_real);
  g_test_add_func ("/post/validate/decision-date-not-in-the-future", test_decision_date_not_in_the_future);
  g_test_add_func ("/post/validate/amounts-in-wan", test_amounts_in_wan);
  g_test_add_func ("/post/validate/fine-needs-its-amount", test_fine_needs_its_amount);
  g_test_add_func ("/post/validate/choices-from-the-list", test_choices_from_the_list);
  g_test_add_func ("/post/validate/disclosure-end-defaults-to-three-years",
                   test_disclosure_end_defaults_to_three_years);
  g_test_add_func ("/post/validate/disclosure-shorter-than-three-months", test_disclosure_shorter_than_three_months);
  g_test_add_func ("/post/validate/safety-sector-disclosure-lasts-a-year", test_safety_sector_disclosure_lasts_a_year);
  g_test_add_func ("/post/validate/disclosure-longer-than-three-years", test_disclosure_longer_than_three_years);
  g_test_add_func ("/post/validate/disclosure-already-ended", test_disclosure_already_ended);
  g_test_add_func ("/post/validate/minors-cases-cannot-be-exposed", test_minors_cases_cannot_be_exposed);
  g_test_add_func ("/post/validate/warning-only-is-normally-not-published",
                   test_warning_only_is_normally_not_published);
  g_test_add_func ("/post/validate/simplified-procedure-is-normally-not-published",
                   test_simplified_procedure_is_normally_not_published);
  g_test_add_func ("/post/validate/natural-persons-name-is-masked", test_natural_persons_name_is_masked);
  g_test_add_func ("/post/validate/organisations-name-is-not-masked", test_organisations_name_is_not_masked);
  g_test_add_func ("/post/validate/id-number-is-published-masked-only", test_id_number_is_published_masked_only);
  g_test_add_func ("/post/validate/privacy-guard-flags-an-id-number-in-the-facts",
                   test_privacy_guard_flags_an_id_number_in_the_facts);
  g_test_add_func ("/post/validate/privacy-guard-flags-a-phone-in-the-narrative",
                   test_privacy_guard_flags_a_phone_in_the_narrative);
  g_test_add_func ("/post/validate/privacy-guard-reads-the-body-text", test_privacy_guard_reads_the_body_text);
  g_test_add_func ("/post/validate/party-full-name-in-the-facts", test_party_full_name_in_the_facts);
  g_test_add_func ("/post/validate/issues-in-field-order", test_issues_in_field_order);

  g_test_add_func ("/post/exposure/prefilled-from-a-penalty", test_exposure_prefilled_from_a_penalty);
  g_test_add_func ("/post/exposure/amounts-convert-to-wan", test_amounts_convert_to_wan);
  g_test_add_func ("/post/exposure/natural-person-prefilled-masked", test_natural_person_prefilled_masked);
  g_test_add_func ("/post/exposure/minor-recognised-from-the-id-number", test_minor_recognised_from_the_id_number);
  g_test_add_func ("/post/exposure/individual-business-recognised-by-its-code",
                   test_individual_business_recognised_by_its_code);
  g_test_add_func ("/post/exposure/narrative-names-the-decision-never-the-id",
                   test_narrative_names_the_decision_never_the_id);

  return g_test_run ();
}
