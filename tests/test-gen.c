/* test-gen.c — the synthetic catalogue generator writes consistent files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "jg-gen.h"
#include "jg-id-check.h"

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("jg-test-gen-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static JsonObject *
load (const char *path, JsonParser **parser_out)
{
  JsonParser *parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  *parser_out = parser;
  return json_node_get_object (root);
}

static JsonArray *
array (JsonObject *root, const char *name)
{
  g_assert_true (json_object_has_member (root, name));
  return json_object_get_array_member (root, name);
}

static const char *
str (JsonObject *o, const char *member)
{
  g_assert_true (json_object_has_member (o, member));
  return json_object_get_string_member (o, member);
}

static gboolean
is_digits (const char *s, gsize n)
{
  if (strlen (s) != n)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_date (const char *s)
{
  GDate d;

  if (s == NULL || strlen (s) != 10 || s[4] != '-' || s[7] != '-')
    return FALSE;
  g_date_clear (&d, 1);
  g_date_set_parse (&d, s);
  return g_date_valid (&d) &&
         (guint) g_date_get_year (&d) == (guint) g_ascii_strtoull (s, NULL, 10) &&
         (guint) g_date_get_month (&d) == (guint) g_ascii_strtoull (s + 5, NULL, 10) &&
         (guint) g_date_get_day (&d) == (guint) g_ascii_strtoull (s + 8, NULL, 10);
}

/* Code table (table, code) pairs of @codes, as "table/code". */
static GHashTable *
code_set (JsonArray *codes)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (codes); i++)
    {
      JsonObject *c = json_array_get_object_element (codes, i);
      char *key = g_strdup_printf ("%s/%s", str (c, "table"), str (c, "code"));
      g_assert_true (g_hash_table_add (set, key));
    }
  return set;
}

static void
assert_code (GHashTable *codes, const char *table, const char *code)
{
  g_autofree char *key = g_strdup_printf ("%s/%s", table, code);

  if (!g_hash_table_contains (codes, key))
    g_error ("code %s is not in the code tables", key);
}

static void
test_catalogue (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "cat.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GHashTable) codes = NULL;
  g_autoptr(GHashTable) depts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) mains = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) subs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) impls = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) officers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) regions = g_hash_table_new (g_str_hash, g_str_equal);
  JgGenCounts c;
  JsonObject *root;
  JsonArray *a;
  guint action_types[4] = { 0 };
  guint rare = 0;

  g_assert_true (jg_gen_write_catalogue (path, 1000, 2, 42, &c, &error));
  g_assert_no_error (error);
  root = load (path, &parser);

  g_assert_cmpstr (str (root, "format"), ==, "jianguan-catalogue/1");
  codes = code_set (array (root, "codes"));
  g_assert_cmpuint (json_array_get_length (array (root, "codes")), ==, c.codes);

  a = array (root, "departments");
  g_assert_cmpuint (json_array_get_length (a), ==, c.departments);
  g_assert_cmpuint (c.departments, >=, 12);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *d = json_array_get_object_element (a, i);
      const char *code = str (d, "code");
      g_autoptr(GError) check_error = NULL;

      if (!jg_credit_code_is_valid (code, &check_error))
        g_error ("department %s: %s", code, check_error->message);
      g_assert_true (jg_credit_code_org_check_is_valid (code));
      g_assert_true (g_hash_table_add (depts, (gpointer) code));
      assert_code (codes, "region", str (d, "region"));
      g_assert_true (strncmp (code + 2, str (d, "region"), 6) == 0);
      g_hash_table_add (regions, (gpointer) str (d, "region"));
      g_assert_true (g_str_has_suffix (str (d, "name"), "局") || strstr (str (d, "name"), "分局"));
      g_assert_nonnull (str (d, "short_name"));
    }
  g_assert_cmpuint (g_hash_table_size (regions), ==, 6);

  a = array (root, "items");
  g_assert_cmpuint (json_array_get_length (a), ==, c.items);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *m = json_array_get_object_element (a, i);
      const char *code = str (m, "code");

      g_assert_true (is_digits (code, 14));
      g_assert_true (g_str_has_suffix (code, "000"));
      g_assert_true (g_hash_table_add (mains, (gpointer) code));
      g_assert_true (g_hash_table_contains (depts, str (m, "department")));
      /* the main code starts with the department's region */
      g_assert_true (strncmp (code, str (m, "department") + 2, 6) == 0);
      assert_code (codes, "item_status", str (m, "status"));
    }

  a = array (root, "subitems");
  g_assert_cmpuint (json_array_get_length (a), ==, 1000);
  g_assert_cmpuint (c.sub_items, ==, 1000);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *s = json_array_get_object_element (a, i);
      const char *code = str (s, "code");
      const char *main_code = str (s, "main_code");
      const char *name = str (s, "name");
      const char *cancel = json_object_get_string_member_with_default (s, "cancel_date", NULL);

      g_assert_true (is_digits (code, 14));
      g_assert_true (g_hash_table_add (subs, (gpointer) code));
      g_assert_true (g_hash_table_contains (mains, main_code));
      g_assert_true (strncmp (code, main_code, 11) == 0);
      g_assert_cmpstr (code + 11, !=, "000");
      g_assert_true (g_hash_table_contains (depts, str (s, "department")));
      g_assert_true (g_utf8_validate (name, -1, NULL));
      g_assert_cmpuint (g_utf8_strlen (name, -1), >=, 6);
      g_assert_cmpstr (str (s, "legal_basis"), !=, "");
      g_assert_true (g_str_has_prefix (str (s, "legal_basis"), "《"));
      assert_code (codes, "action_type", str (s, "action_type"));
      assert_code (codes, "level", str (s, "level"));
      assert_code (codes, "item_status", str (s, "status"));
      g_assert_true (is_date (str (s, "effective_date")));
      g_assert_true (cancel == NULL || is_date (cancel));
      if (g_str_equal (str (s, "status"), "02"))
        g_assert_nonnull (cancel);
      action_types[str (s, "action_type")[0] - '0']++;
      if (strstr (name, "砗磲") || strstr (name, "鳄蜥") || strstr (name, "铊盐") || strstr (name, "麝香") ||
          strstr (name, "豆酱") || strstr (name, "擂茶") || strstr (name, "鲍鱼") || strstr (name, "牛肉丸"))
        rare++;
    }
  for (guint t = 0; t < 4; t++)
    g_assert_cmpuint (action_types[t], >, 0);
  g_assert_cmpuint (rare, <, 50);   /* rare words stay rare */

  a = array (root, "implementations");
  g_assert_cmpuint (json_array_get_length (a), ==, 2000);
  g_assert_cmpuint (c.implementations, ==, 2000);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *e = json_array_get_object_element (a, i);
      const char *code = str (e, "code");
      const char *body = str (e, "body_code");

      g_assert_true (g_hash_table_add (impls, (gpointer) code));
      g_assert_true (g_hash_table_contains (subs, str (e, "subitem")));
      g_assert_true (g_hash_table_contains (depts, body));
      g_assert_cmpuint (strlen (code), >, 19);
      g_assert_true (strncmp (code, body, 18) == 0);
      g_assert_cmpint (code[18], ==, str (e, "level")[0]);
      assert_code (codes, "level", str (e, "level"));
      assert_code (codes, "region", str (e, "region"));
      assert_code (codes, "body_nature", str (e, "body_nature"));
      assert_code (codes, "check_category", str (e, "check_category"));
      g_assert_true (JSON_NODE_HOLDS_VALUE (json_object_get_member (e, "random_check")));
    }

  a = array (root, "officers");
  g_assert_cmpuint (json_array_get_length (a), ==, c.officers);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *o = json_array_get_object_element (a, i);

      g_assert_true (g_hash_table_add (officers, (gpointer) str (o, "id")));
      g_assert_true (g_hash_table_contains (depts, str (o, "department")));
      assert_code (codes, "officer_nature", str (o, "nature"));
      assert_code (codes, "region", str (o, "region"));
      g_assert_true (is_date (str (o, "cert_valid_from")));
      g_assert_true (is_date (str (o, "cert_valid_to")));
      g_assert_cmpstr (str (o, "cert_valid_from"), <, str (o, "cert_valid_to"));
    }

  /* jg_gen_subitem_code() names the codes that were written */
  {
    g_autofree char *first = jg_gen_subitem_code (1000, 42, 0);
    g_autofree char *last = jg_gen_subitem_code (1000, 42, 999);
    JsonArray *sa = array (root, "subitems");

    g_assert_cmpstr (first, ==, str (json_array_get_object_element (sa, 0), "code"));
    g_assert_cmpstr (last, ==, str (json_array_get_object_element (sa, 999), "code"));
    g_assert_null (jg_gen_subitem_code (1000, 42, 1000));
  }
}

/* The embedded code tables are those of the demo data. */
static void
test_code_tables (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "cat.json", NULL);
  g_autofree char *demo = g_build_filename (SOURCE_DATADIR, "demo", "code-tables.json", NULL);
  g_autoptr(JsonParser) p1 = NULL;
  g_autoptr(JsonParser) p2 = NULL;
  JsonArray *a, *b;

  g_assert_true (jg_gen_write_catalogue (path, 10, 1, 1, NULL, NULL));
  a = array (load (path, &p1), "codes");
  b = array (load (demo, &p2), "codes");
  g_assert_cmpuint (json_array_get_length (a), ==, json_array_get_length (b));
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *x = json_array_get_object_element (a, i);
      JsonObject *y = json_array_get_object_element (b, i);
      g_assert_cmpstr (str (x, "table"), ==, str (y, "table"));
      g_assert_cmpstr (str (x, "code"), ==, str (y, "code"));
      g_assert_cmpstr (str (x, "name"), ==, str (y, "name"));
      g_assert_cmpint (json_object_get_int_member (x, "sort"), ==, json_object_get_int_member (y, "sort"));
    }
}

static void
test_deterministic (Fixture *f, gconstpointer data)
{
  g_autofree char *p1 = g_build_filename (f->dir, "a.json", NULL);
  g_autofree char *p2 = g_build_filename (f->dir, "b.json", NULL);
  g_autofree char *p3 = g_build_filename (f->dir, "c.json", NULL);
  g_autofree char *c1 = NULL, *c2 = NULL, *c3 = NULL;
  gsize l1, l2, l3;

  g_assert_true (jg_gen_write_catalogue (p1, 500, 1, 9, NULL, NULL));
  g_assert_true (jg_gen_write_catalogue (p2, 500, 1, 9, NULL, NULL));
  g_assert_true (jg_gen_write_catalogue (p3, 500, 1, 10, NULL, NULL));
  g_assert_true (g_file_get_contents (p1, &c1, &l1, NULL));
  g_assert_true (g_file_get_contents (p2, &c2, &l2, NULL));
  g_assert_true (g_file_get_contents (p3, &c3, &l3, NULL));
  g_assert_cmpmem (c1, l1, c2, l2);
  g_assert_false (l1 == l3 && memcmp (c1, c3, l1) == 0);
}

static void
test_delta (Fixture *f, gconstpointer data)
{
  g_autofree char *base_path = g_build_filename (f->dir, "base.json", NULL);
  g_autofree char *delta_path = g_build_filename (f->dir, "delta.json", NULL);
  g_autoptr(JsonParser) bp = NULL;
  g_autoptr(JsonParser) dp = NULL;
  g_autoptr(GHashTable) base_subs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) base_impls = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) base_mains = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) new_mains = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) deleted_subs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  JgGenCounts c;
  JsonObject *base, *delta;
  JsonArray *a;
  guint renamed = 0, cancelled = 0, added = 0;

  g_assert_true (jg_gen_write_catalogue (base_path, 1000, 2, 5, NULL, NULL));
  g_assert_true (jg_gen_write_delta (delta_path, 100, 1000, 2, 5, &c, &error));
  g_assert_no_error (error);
  base = load (base_path, &bp);
  delta = load (delta_path, &dp);

  a = array (base, "subitems");
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *s = json_array_get_object_element (a, i);
      g_hash_table_insert (base_subs, (gpointer) str (s, "code"), s);
    }
  a = array (base, "implementations");
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *e = json_array_get_object_element (a, i);
      g_hash_table_insert (base_impls, (gpointer) str (e, "code"), e);
    }
  a = array (base, "items");
  for (guint i = 0; i < json_array_get_length (a); i++)
    g_hash_table_add (base_mains, (gpointer) str (json_array_get_object_element (a, i), "code"));

  a = array (delta, "items");
  g_assert_cmpuint (json_array_get_length (a), ==, c.items);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      const char *code = str (json_array_get_object_element (a, i), "code");
      g_assert_false (g_hash_table_contains (base_mains, code));
      g_hash_table_add (new_mains, (gpointer) code);
    }

  a = array (delta, "subitems");
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *s = json_array_get_object_element (a, i);
      const char *code = str (s, "code");
      JsonObject *old = g_hash_table_lookup (base_subs, code);

      g_assert_true (g_hash_table_add (seen, (gpointer) code));
      if (old == NULL)
        {
          added++;
          g_assert_true (g_hash_table_contains (base_mains, str (s, "main_code")) ||
                         g_hash_table_contains (new_mains, str (s, "main_code")));
        }
      else if (g_str_equal (str (s, "status"), "02") &&
               g_strcmp0 (json_object_get_string_member_with_default (s, "cancel_date", NULL),
                          json_object_get_string_member_with_default (old, "cancel_date", NULL)) != 0)
        {
          cancelled++;
          g_assert_cmpstr (str (s, "name"), ==, str (old, "name"));
          g_assert_true (is_date (str (s, "cancel_date")));
        }
      else
        {
          renamed++;
          g_assert_cmpstr (str (s, "name"), !=, str (old, "name"));
          g_assert_cmpstr (str (s, "main_code"), ==, str (old, "main_code"));
          g_assert_cmpstr (str (s, "legal_basis"), ==, str (old, "legal_basis"));
        }
    }
  g_assert_cmpuint (renamed, ==, c.modified);
  g_assert_cmpuint (cancelled, ==, c.cancelled);
  g_assert_cmpuint (added, ==, c.added);
  g_assert_cmpuint (c.modified + c.cancelled + c.added + c.deleted, ==, 100);
  g_assert_cmpuint (c.modified, >, 0);
  g_assert_cmpuint (c.cancelled, >, 0);
  g_assert_cmpuint (c.added, >, 0);
  g_assert_cmpuint (c.deleted, >, 0);

  a = array (delta, "implementations");
  g_assert_cmpuint (json_array_get_length (a), ==, c.added * 2);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *e = json_array_get_object_element (a, i);
      g_assert_false (g_hash_table_contains (base_impls, str (e, "code")));
      g_assert_true (g_hash_table_contains (seen, str (e, "subitem")));
      g_assert_false (g_hash_table_contains (base_subs, str (e, "subitem")));
    }

  a = array (delta, "deletions");
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *d = json_array_get_object_element (a, i);
      const char *type = str (d, "type"), *key = str (d, "key");

      if (g_str_equal (type, "subitem"))
        {
          g_assert_true (g_hash_table_contains (base_subs, key));
          g_assert_false (g_hash_table_contains (seen, key));
          g_hash_table_add (deleted_subs, (gpointer) key);
        }
      else
        {
          JsonObject *e = g_hash_table_lookup (base_impls, key);
          g_assert_cmpstr (type, ==, "implementation");
          g_assert_nonnull (e);
          g_assert_true (g_hash_table_contains (deleted_subs, str (e, "subitem")));
        }
    }
  g_assert_cmpuint (g_hash_table_size (deleted_subs), ==, c.deleted);
  g_assert_cmpuint (json_array_get_length (a), ==, c.deleted * 3);
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "x.json", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "no-such-dir", "x.json", NULL);
  GError *error = NULL;

  g_assert_false (jg_gen_write_catalogue (path, JG_GEN_MAX_ITEMS + 1, 1, 1, NULL, &error));
  g_assert_error (error, JG_GEN_ERROR, JG_GEN_ERROR_TOO_LARGE);
  g_clear_error (&error);

  g_assert_false (jg_gen_write_catalogue (path, 10, 0, 1, NULL, &error));
  g_assert_error (error, JG_GEN_ERROR, JG_GEN_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (jg_gen_write_catalogue (bad, 10, 1, 1, NULL, &error));
  g_assert_error (error, JG_GEN_ERROR, JG_GEN_ERROR_WRITE);
  g_clear_error (&error);

  g_assert_false (jg_gen_write_delta (path, 100, 10, 1, 1, NULL, &error));
  g_assert_error (error, JG_GEN_ERROR, JG_GEN_ERROR_INVALID);
  g_clear_error (&error);

  /* an empty catalogue is still a valid file */
  {
    g_autoptr(JsonParser) p = NULL;
    JgGenCounts c;
    g_assert_true (jg_gen_write_catalogue (path, 0, 1, 1, &c, NULL));
    g_assert_cmpuint (json_array_get_length (array (load (path, &p), "subitems")), ==, 0);
    g_assert_cmpuint (c.items, ==, 0);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/gen/catalogue", Fixture, NULL, fixture_set_up, test_catalogue, fixture_tear_down);
  g_test_add ("/gen/code-tables", Fixture, NULL, fixture_set_up, test_code_tables, fixture_tear_down);
  g_test_add ("/gen/deterministic", Fixture, NULL, fixture_set_up, test_deterministic, fixture_tear_down);
  g_test_add ("/gen/delta", Fixture, NULL, fixture_set_up, test_delta, fixture_tear_down);
  g_test_add ("/gen/errors", Fixture, NULL, fixture_set_up, test_errors, fixture_tear_down);

  return g_test_run ();
}
