/* test-post-form.c — the post form as a user sees it, under Xvfb
 *
 * A real window with the form; the tests type into its rows, move the
 * focus as Tab would, press its buttons, and look at what a user sees:
 * the rows' texts, the messages under them, which rows show.
 *
 * With JG_POST_FORM_SCREENSHOT=FILE, the privacy test also takes a
 * screenshot of the screen (import -window root) while the privacy flag
 * shows: run it with LANGUAGE=zh_CN for the help's screenshot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "jg-code.h"
#include "jg-post-exposure.h"
#include "jg-post-form.h"
#include "jg-post-validate.h"
#include "jg-test-posts.h"
#include "jg-test-widgets.h"

#define TODAY JG_TEST_POST_TODAY
#define WINDOW_WIDTH 1280
#define WINDOW_HEIGHT 1000

/* --- a window with the form -------------------------------------------------- */

typedef struct
{
  GtkWidget *window;
  GtkWidget *scrolled;
  JgPostForm *form;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  GtkWidget *clamp = adw_clamp_new ();

  fx->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fx->window), WINDOW_WIDTH, WINDOW_HEIGHT);
  fx->form = JG_POST_FORM (jg_post_form_new ());
  gtk_widget_set_margin_top (GTK_WIDGET (fx->form), 24);
  gtk_widget_set_margin_bottom (GTK_WIDGET (fx->form), 24);
  gtk_widget_set_margin_start (GTK_WIDGET (fx->form), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (fx->form), 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1400);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (fx->form));
  fx->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (fx->scrolled), clamp);
  gtk_window_set_child (GTK_WINDOW (fx->window), fx->scrolled);
  jg_post_form_set_today (fx->form, TODAY);
  gtk_window_present (GTK_WINDOW (fx->window));
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fx->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* --- what the user sees ------------------------------------------------------ */

/* @title untranslated: the form shows it in the test's language. */
static GtkWidget *
row (Fixture    *fx,
     const char *title)
{
  GtkWidget *found = jg_test_find_row (GTK_WIDGET (fx->form), _(title));

  if (found == NULL)
    g_error ("no row “%s” in the form", title);
  return found;
}

/* --- a post from a penalty record (as test-post-validate.c) ------------------ */

static const char * const penalty_values[] = {
  "catalogue_code", "44000000000002",
  "impl_body", "揭阳市市场监督管理局",
  "object_type", "1",
  "object_name", "揭阳市榕城区某某食品有限公司",
  "party_name", "揭阳市榕城区某某食品有限公司",
  "party_nature", "02",
  "party_doc_type", "001",
  "party_code", JG_TEST_ORG_CODE,
  "region", "445202",
  "name", "生产不符合标准食品案",
  "number", "CF-2024-0001",
  "case_source", "01",
  "illegal_facts", "经查，当事人生产的食品不符合标准。",
  "penalty_basis", "《中华人民共和国食品安全法》第一百二十四条",
  "penalty_procedure", "02",
  "decision_no", "揭市监罚〔2024〕1号",
  "decision_date", "2024-03-20",
  "penalty_kind", "02",
  "fine_amount", "5000.00",
  "penalty_result", "罚款人民币伍仟元。",
  NULL,
};

static JgPost *
exposure_from_penalty (void)
{
  g_autoptr(JgRecord) record = jg_record_new (JG_RECORD_PENALTY, "D1");
  g_autofree char *code = jg_test_authority_code ();

  for (guint i = 0; penalty_values[i] != NULL; i += 2)
    jg_record_set (record, penalty_values[i], penalty_values[i + 1]);
  jg_record_set (record, "impl_body_code", code);
  return jg_post_new_exposure_from_record (record, TODAY);
}

static void
set_exposure (Fixture *fx,
              JgPost  *post)
{
  jg_post_form_set_post (fx->form, post);
  jg_test_wait_until (jg_test_mapped, row (fx, "Illegal facts"));
}

/* Scrolls the form so that @field_row shows near the top, for a screenshot. */
static void
scroll_to (Fixture   *fx,
           GtkWidget *field_row)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (fx->scrolled));
  graphene_point_t point = GRAPHENE_POINT_INIT (0, 0), at;

  g_assert_true (gtk_widget_compute_point (field_row, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (fx->scrolled)),
                                           &point, &at));
  gtk_adjustment_set_value (adjustment, MAX (0, at.y - WINDOW_HEIGHT / 3));
}

static void
take_screenshot (Fixture *fx)
{
  const char *path = g_getenv ("JG_POST_FORM_SCREENSHOT");
  const char *argv[] = { "import", "-window", "root", NULL, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (path == NULL)
    return;
  jg_test_settle ();
  argv[3] = path;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* --- the tests --------------------------------------------------------------- */

static void
test_exposure_rows_show_the_record (Fixture       *fx,
                                    gconstpointer  data)
{
  g_autoptr(JgPost) post = exposure_from_penalty ();
  g_autofree char *facts = NULL;

  set_exposure (fx, post);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (fx, "Party name"))), ==,
                   "揭阳市榕城区某某食品有限公司");
  g_assert_cmpstr (jg_test_combo_label (row (fx, "Party kind")), ==, "Organisation");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (fx, "Unified social credit code"))), ==,
                   JG_TEST_ORG_CODE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (fx, "Penalty decision document number"))), ==,
                   "揭市监罚〔2024〕1号");
  g_assert_cmpstr (jg_test_combo_label (row (fx, "Procedure")), ==, "Normal procedure");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (fx, "Fine (10,000 yuan)"))), ==, "0.5");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (fx, "Decision date"))), ==, "2024-03-20");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (fx, "Disclosure end date"))), ==, "2027-03-20");
  facts = jg_test_long_text (row (fx, "Illegal facts"));
  g_assert_cmpstr (facts, ==, "经查，当事人生产的食品不符合标准。");
  /* The one thing the record cannot give shows once the field is left. */
  g_assert_cmpstr (jg_test_message (row (fx, "Legal representative")), ==, "");
  jg_test_focus (row (fx, "Legal representative"));
  jg_test_focus (row (fx, "Party name"));
  jg_test_wait_for_message (row (fx, "Legal representative"), "required");
  /* Nothing says the decision is not normally published. */
  g_assert_cmpuint (jg_post_form_get_n_errors (fx->form), ==, 1);
}

static void
test_privacy_hit_masked_in_one_click (Fixture       *fx,
                                      gconstpointer  data)
{
  g_autoptr(JgPost) post = exposure_from_penalty ();
  g_autofree char *id = jg_test_id_number ("19900307");
  g_autofree char *typed = g_strdup_printf ("当事人员工身份证号%s。", id);
  g_autofree char *masked_id = jg_post_mask_id_number (id);
  g_autofree char *facts = NULL;
  GtkWidget *facts_row;
  GtkWidget *mask;

  set_exposure (fx, post);
  facts_row = row (fx, "Illegal facts");
  jg_test_type_long_text (facts_row, typed);
  jg_test_focus (row (fx, "Legal basis of the penalty"));
  jg_test_wait_for_message (facts_row, _("ID number"));
  g_assert_true (jg_test_message_is_error (facts_row));
  mask = jg_test_message_button (facts_row);
  g_assert_nonnull (mask);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (mask)), ==, _("_Mask"));
  g_assert_cmpuint (jg_post_form_get_n_errors (fx->form), >=, 1);

  scroll_to (fx, facts_row);
  take_screenshot (fx);

  jg_test_click (mask);
  facts = jg_test_long_text (facts_row);
  g_assert_null (strstr (facts, id));
  g_assert_nonnull (strstr (facts, masked_id));
  g_assert_true (g_str_has_prefix (facts, "经查，当事人生产的食品不符合标准。"));
  g_assert_cmpstr (jg_test_message (facts_row), ==, "");
  g_assert_null (jg_test_message_button (facts_row));
}

static void
test_party_kind_switches_identity_rows (Fixture       *fx,
                                        gconstpointer  data)
{
  g_autoptr(JgPost) post = exposure_from_penalty ();
  GtkWidget *name_row;

  set_exposure (fx, post);
  g_assert_true (gtk_widget_get_visible (row (fx, "Unified social credit code")));
  g_assert_true (gtk_widget_get_visible (row (fx, "Legal representative")));
  g_assert_false (gtk_widget_get_visible (row (fx, "Identity document type")));
  g_assert_false (gtk_widget_get_visible (row (fx, "Identity document number (masked)")));

  jg_test_choose (row (fx, "Party kind"), "Natural person");
  g_assert_false (gtk_widget_get_visible (row (fx, "Unified social credit code")));
  g_assert_false (gtk_widget_get_visible (row (fx, "Legal representative")));
  g_assert_true (gtk_widget_get_visible (row (fx, "Identity document type")));
  g_assert_true (gtk_widget_get_visible (row (fx, "Identity document number (masked)")));

  /* A natural person's full name: masked by its own button. */
  name_row = row (fx, "Party name");
  jg_test_type_text (name_row, "张三丰");
  jg_test_focus (row (fx, "Title"));
  jg_test_wait_for_message (name_row, "张某");
  jg_test_click (jg_test_message_button (name_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "张某");
  g_assert_cmpstr (jg_test_message (name_row), ==, "");

  jg_test_choose (row (fx, "Party kind"), "Organisation");
  g_assert_true (gtk_widget_get_visible (row (fx, "Unified social credit code")));
  g_assert_false (gtk_widget_get_visible (row (fx, "Identity document number (masked)")));
}

static void
test_title_count_and_length (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(JgPost) post = jg_test_post_dynamics ();
  g_autoptr(GString) title = g_string_new (NULL);
  GtkWidget *title_row;

  /* A new post: nothing said of a field before it is left. */
  jg_post_set (post, "title", NULL);
  jg_post_form_set_post (fx->form, post);
  title_row = row (fx, "Title");
  jg_test_wait_until (jg_test_mapped, title_row);
  /* The dynamics rows, the body's place among them. */
  g_assert_nonnull (row (fx, "Summary"));
  g_assert_nonnull (row (fx, "Body"));
  g_assert_nonnull (row (fx, "Source department"));
  g_assert_nonnull (row (fx, "Author"));
  g_assert_nonnull (row (fx, "Tags"));
  g_assert_nonnull (row (fx, "Linked records"));

  for (guint i = 0; i < JG_POST_TITLE_MAX_LENGTH + 1; i++)
    g_string_append (title, "监");
  jg_test_type_text (title_row, title->str);
  jg_test_settle ();
  /* Still in the field: no word yet. */
  g_assert_cmpstr (jg_test_message (title_row), ==, "");

  jg_test_focus (row (fx, "Author"));
  jg_test_wait_for_message (title_row, "at most 60");
  g_assert_true (jg_test_message_is_error (title_row));
}

static void
test_title_count_turns_red (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(JgPost) post = jg_test_post_dynamics ();
  g_autoptr(GString) title = g_string_new (NULL);
  GtkWidget *title_row;
  GtkWidget *count;

  jg_post_form_set_post (fx->form, post);
  title_row = row (fx, "Title");
  jg_test_wait_until (jg_test_mapped, title_row);
  jg_test_type_text (title_row, "监管动态十二个字的一个标题");
  count = jg_test_find_label (title_row, "13/60");
  g_assert_nonnull (count);
  g_assert_false (gtk_widget_has_css_class (count, "error"));

  for (guint i = 0; i < JG_POST_TITLE_MAX_LENGTH + 1; i++)
    g_string_append (title, "监");
  jg_test_type_text (title_row, title->str);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (count)), ==, "61/60");
  g_assert_true (gtk_widget_has_css_class (count, "error"));
}

typedef struct
{
  GtkWidget *row;
  const char *text;
} TextWait;

static gboolean
text_is_cb (gpointer data)
{
  TextWait *w = data;

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (w->row)), w->text) == 0;
}

static void
test_disclosure_end_follows_decision (Fixture       *fx,
                                      gconstpointer  data)
{
  g_autoptr(JgPost) post = exposure_from_penalty ();
  GtkWidget *end_row;
  TextWait w;

  set_exposure (fx, post);
  end_row = row (fx, "Disclosure end date");
  jg_test_type_text (row (fx, "Decision date"), "2024-05-10");
  w = (TextWait) { end_row, "2027-05-10" };
  jg_test_wait_until (text_is_cb, &w);

  /* Half a date typed leaves it; a date the user chose stays. */
  jg_test_type_text (row (fx, "Decision date"), "2024-05");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (end_row)), ==, "2027-05-10");
  jg_test_type_text (end_row, "2026-12-31");
  jg_test_type_text (row (fx, "Decision date"), "2024-05-11");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (end_row)), ==, "2026-12-31");
}

static void
test_warning_only_shows_at_top (Fixture       *fx,
                                gconstpointer  data)
{
  g_autoptr(JgPost) post = exposure_from_penalty ();
  GtkWidget *notice;

  set_exposure (fx, post);
  notice = jg_test_find_label (GTK_WIDGET (fx->form), "This decision is normally not published");
  g_assert_nonnull (notice);
  g_assert_false (gtk_widget_get_mapped (notice));
  jg_test_choose (row (fx, "Procedure"), "Simplified procedure");
  jg_test_wait_until (jg_test_mapped, notice);
  g_assert_nonnull (jg_test_find_label (GTK_WIDGET (fx->form),
                                   "Decisions under the simplified procedure are normally not published. "
                                   "Publish it only when the rules of your department require it."));
  /* At the top only, not under the field as well. */
  g_assert_cmpstr (jg_test_message (row (fx, "Procedure")), ==, "");
}

static void
test_narrative_generated (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(JgPost) post = exposure_from_penalty ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWidget *narrative;

  jg_post_set (post, "narrative", NULL);
  set_exposure (fx, post);
  narrative = row (fx, "Narrative");
  before = jg_test_long_text (narrative);
  g_assert_cmpstr (before, ==, "");
  jg_test_click (gtk_widget_get_parent (jg_test_find_label (narrative, "_Generate from the Fields")));
  after = jg_test_long_text (narrative);
  g_assert_nonnull (strstr (after, "揭阳市榕城区某某食品有限公司"));
}

static void
test_show_all_issues (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(JgPost) post = jg_post_new (JG_POST_EXPOSURE, "D1");

  set_exposure (fx, post);
  g_assert_cmpstr (jg_test_message (row (fx, "Title")), ==, "");
  g_assert_cmpuint (jg_post_form_get_n_errors (fx->form), >, 0);
  jg_post_form_show_all_issues (fx->form);
  g_assert_nonnull (strstr (jg_test_message (row (fx, "Title")), "required"));
  g_assert_nonnull (strstr (jg_test_message (row (fx, "Illegal facts")), "required"));
}

/* Tab from a field with a privacy hit goes to its Mask button, then on to
 * the next field: the order the eye follows. */
static void
test_keyboard_order (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(JgPost) post = exposure_from_penalty ();
  g_autofree char *id = jg_test_id_number ("19900307");
  g_autofree char *typed = g_strdup_printf ("身份证号%s。", id);
  GtkWidget *facts_row;
  GtkWidget *basis_view;

  set_exposure (fx, post);
  facts_row = row (fx, "Illegal facts");
  basis_view = jg_test_find_text_view (row (fx, "Legal basis of the penalty"));
  jg_test_type_long_text (facts_row, typed);
  jg_test_focus (row (fx, "Violation type"));
  jg_test_wait_for_message (facts_row, "ID number");
  jg_test_settle ();

  jg_test_focus (facts_row);
  g_assert_true (gtk_widget_child_focus (fx->window, GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fx->window)) == jg_test_message_button (facts_row));
  g_assert_true (gtk_widget_child_focus (fx->window, GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fx->window)) == basis_view);
  /* And back. */
  g_assert_true (gtk_widget_child_focus (fx->window, GTK_DIR_TAB_BACKWARD));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fx->window)) == jg_test_message_button (facts_row));
  g_assert_true (gtk_widget_child_focus (fx->window, GTK_DIR_TAB_BACKWARD));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fx->window)) == jg_test_find_text_view (facts_row));
}

static void
test_departments_and_links (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(JgPost) post = jg_test_post_dynamics ();
  g_autoptr(GListStore) departments = g_list_store_new (JG_TYPE_CODE);
  g_autoptr(JgCode) d1 = jg_code_new ("department", "445200-SCJG", "揭阳市市场监督管理局");
  g_autoptr(JgCode) d2 = jg_code_new ("department", "445200-YJJ", "揭阳市应急管理局");
  GtkWidget *links;
  GtkWidget *remove = NULL;

  g_list_store_append (departments, d1);
  g_list_store_append (departments, d2);
  jg_post_form_set_departments (fx->form, G_LIST_MODEL (departments));
  jg_post_form_set_post (fx->form, post);
  jg_test_wait_until (jg_test_mapped, row (fx, "Title"));
  g_assert_cmpstr (jg_test_combo_label (row (fx, "Source department")), ==, "揭阳市市场监督管理局");
  jg_test_choose (row (fx, "Source department"), "揭阳市应急管理局");
  g_assert_cmpstr (jg_post_get (post, "source_department"), ==, "445200-YJJ");

  links = row (fx, "Linked records");
  g_assert_nonnull (jg_test_find_label (links, "6f1c1c1e-5b8a-4a4e-9d3e-1d2c3b4a5f60"));
  for (GtkWidget *w = jg_test_find_label (links, "6f1c1c1e-5b8a-4a4e-9d3e-1d2c3b4a5f60"); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_BUTTON (w))
      remove = w;
  jg_test_click (remove);
  g_assert_null (jg_test_find_label (links, "6f1c1c1e-5b8a-4a4e-9d3e-1d2c3b4a5f60"));
  g_assert_nonnull (jg_test_find_label (links, "No linked records"));
  g_assert_null (jg_post_get (post, "record_links"));
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* GTK's own */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_shown_cb (gpointer data)
{
  return find_dialog () != NULL;
}

static void
test_narrative_edited_asks (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(JgPost) post = exposure_from_penalty ();
  GtkWidget *narrative;
  GtkWidget *generate;
  g_autofree char *kept = NULL;
  g_autofree char *replaced = NULL;

  set_exposure (fx, post);
  narrative = row (fx, "Narrative");
  generate = gtk_widget_get_parent (jg_test_find_label (narrative, "_Generate from the Fields"));
  /* As generated: regenerated without a question. */
  jg_test_click (generate);
  g_assert_null (find_dialog ());

  /* As generated, it follows the fields. */
  jg_test_type_text (row (fx, "Fine (10,000 yuan)"), "0.8");
  kept = jg_test_long_text (narrative);
  g_assert_nonnull (strstr (kept, "0.8万元"));
  g_clear_pointer (&kept, g_free);

  jg_test_type_long_text (narrative, "另附说明。");
  /* Edited, it is the user's. */
  jg_test_type_text (row (fx, "Fine (10,000 yuan)"), "0.9");
  kept = jg_test_long_text (narrative);
  g_assert_nonnull (strstr (kept, "0.8万元"));
  g_clear_pointer (&kept, g_free);
  jg_test_click (generate);
  jg_test_wait_until (dialog_shown_cb, NULL);
  adw_message_dialog_response (find_dialog (), "cancel");
  kept = jg_test_long_text (narrative);
  g_assert_true (g_str_has_suffix (kept, "另附说明。"));

  jg_test_click (generate);
  jg_test_wait_until (dialog_shown_cb, NULL);
  adw_message_dialog_response (find_dialog (), "replace");
  replaced = jg_test_long_text (narrative);
  g_assert_null (strstr (replaced, "另附说明。"));
  g_assert_nonnull (strstr (replaced, "揭阳市榕城区某某食品有限公司"));
}

/* One form, posts of both columns in turn: the rows are the column's, and
 * the body editor stays where the body goes. */
static void
test_posts_in_turn (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(JgPost) exposure = exposure_from_penalty ();
  g_autoptr(JgPost) dynamics = jg_test_post_dynamics ();
  GtkWidget *body = gtk_label_new ("body editor");

  jg_post_form_set_body_widget (fx->form, body);
  set_exposure (fx, exposure);
  g_assert_null (jg_test_find_row (GTK_WIDGET (fx->form), _("Body")));
  jg_post_form_set_post (fx->form, dynamics);
  jg_test_wait_until (jg_test_mapped, row (fx, "Body"));
  g_assert_true (gtk_widget_is_ancestor (body, row (fx, "Body")));
  g_assert_null (jg_test_find_row (GTK_WIDGET (fx->form), _("Illegal facts")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (fx, "Author"))), ==,
                   jg_post_get (dynamics, "author"));

  set_exposure (fx, exposure);
  g_assert_null (jg_test_find_row (GTK_WIDGET (fx->form), _("Summary")));
  /* Typing reaches the post now shown, not the one before. */
  jg_test_type_text (row (fx, "Title"), "新标题");
  g_assert_cmpstr (jg_post_get (exposure, "title"), ==, "新标题");
  g_assert_cmpstr (jg_post_get (dynamics, "title"), !=, "新标题");
  jg_post_form_set_post (fx->form, NULL);
  g_assert_null (jg_test_find_row (GTK_WIDGET (fx->form), _("Title")));
}

/* An organisation's name keeps its name when its phone number is masked. */
static void
test_organisation_name_keeps_its_name (Fixture       *fx,
                                       gconstpointer  data)
{
  g_autoptr(JgPost) post = exposure_from_penalty ();
  GtkWidget *name_row;

  set_exposure (fx, post);
  name_row = row (fx, "Party name");
  jg_test_type_text (name_row, "揭阳市榕城区某某食品有限公司13812345678");
  jg_test_focus (row (fx, "Title"));
  jg_test_wait_for_message (name_row, "phone number");
  jg_test_click (jg_test_message_button (name_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==,
                   "揭阳市榕城区某某食品有限公司138****5678");
  g_assert_cmpstr (jg_test_message (name_row), ==, "");
}
/* The calendar after the decision date (the record editor's date picker,
 * jg-entry-popover.c) writes the day picked into the row. (Opening the
 * popover needs a monitor, which Xvfb does not give GDK 4.8.) */
static void
test_date_picker (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(JgPost) post = exposure_from_penalty ();
  g_autoptr(GDateTime) day = g_date_time_new_local (2024, 5, 17, 0, 0, 0);
  GtkWidget *date_row;
  GtkWidget *button;
  GtkPopover *popover;
  GtkWidget *calendar;

  set_exposure (fx, post);
  date_row = row (fx, "Decision date");
  button = jg_test_find_type (date_row, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  calendar = jg_test_find_type (GTK_WIDGET (popover), GTK_TYPE_CALENDAR);
  g_assert_nonnull (calendar);

  gtk_calendar_select_day (GTK_CALENDAR (calendar), day);
  g_signal_emit_by_name (calendar, "day-selected");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date_row)), ==, "2024-05-17");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (fx, "Disclosure end date"))), ==, "2027-05-17");
}

/* Tab from the first field to the last visits every field in the order
 * the eye reads them: down the first column, then down the second. */
static void
test_tab_follows_reading_order (Fixture       *fx,
                                gconstpointer  data)
{
  g_autoptr(JgPost) post = exposure_from_penalty ();
  GtkWidget *form = GTK_WIDGET (fx->form);
  double last_x = -1, last_y = -1;
  double middle;
  guint visited = 0;
  gboolean second_column = FALSE;
  graphene_point_t second;
  GtkWidget *first;

  set_exposure (fx, post);
  /* Where the second column begins: its first group's rows. */
  g_assert_true (gtk_widget_compute_point (row (fx, "Narrative"), form, &GRAPHENE_POINT_INIT (0, 0), &second));
  middle = second.x;
  jg_test_focus (row (fx, "Title"));
  first = gtk_window_get_focus (GTK_WINDOW (fx->window));
  for (;;)
    {
      GtkWidget *focused = gtk_window_get_focus (GTK_WINDOW (fx->window));
      graphene_point_t at;

      /* Round again (nothing but the form in the window), or out. */
      if (focused == NULL || !gtk_widget_is_ancestor (focused, form) || (visited > 0 && focused == first))
        break;
      g_assert_true (gtk_widget_compute_point (focused, form, &GRAPHENE_POINT_INIT (0, 0), &at));
      if (g_getenv ("JG_TAB_DEBUG"))
        g_printerr ("TAB %s %s %.0f,%.0f\n", G_OBJECT_TYPE_NAME (focused),
                    gtk_widget_get_ancestor (focused, ADW_TYPE_PREFERENCES_ROW)
                    ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_widget_get_ancestor (focused, ADW_TYPE_PREFERENCES_ROW))) : "-",
                    at.x, at.y);
      if (at.x >= middle && !second_column)
        second_column = TRUE;   /* once, from the end of the first */
      else
        {
          /* Same column: further down (or on the same line, to the right). */
          g_assert_true ((at.x >= middle) == second_column);
          g_assert_cmpfloat (at.y, >=, last_y);
          if (at.y == last_y)
            g_assert_cmpfloat (at.x, >, last_x);
        }
      last_x = at.x;
      last_y = at.y;
      visited++;
      if (!gtk_widget_child_focus (fx->window, GTK_DIR_TAB_FORWARD))
        break;
    }
  g_assert_true (second_column);
  /* Every field of the post but the hidden identity rows, and more. */
  g_assert_cmpuint (visited, >=, 25);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("JIANGUAN_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);
  adw_init ();
  /* As the application loads it (AdwApplication's style.css). */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/com/jieyang/Jianguan/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/post-form/exposure-rows-show-the-record", test_exposure_rows_show_the_record);
  ADD ("/post-form/privacy-hit-masked-in-one-click", test_privacy_hit_masked_in_one_click);
  ADD ("/post-form/party-kind-switches-identity-rows", test_party_kind_switches_identity_rows);
  ADD ("/post-form/title-length-error-after-leaving", test_title_count_and_length);
  ADD ("/post-form/title-count-turns-red", test_title_count_turns_red);
  ADD ("/post-form/disclosure-end-follows-decision", test_disclosure_end_follows_decision);
  ADD ("/post-form/warning-notice-at-top", test_warning_only_shows_at_top);
  ADD ("/post-form/narrative-generated", test_narrative_generated);
  ADD ("/post-form/show-all-issues", test_show_all_issues);
  ADD ("/post-form/keyboard-order", test_keyboard_order);
  ADD ("/post-form/departments-and-links", test_departments_and_links);
  ADD ("/post-form/narrative-edited-asks", test_narrative_edited_asks);
  ADD ("/post-form/posts-in-turn", test_posts_in_turn);
  ADD ("/post-form/organisation-name-keeps-its-name", test_organisation_name_keeps_its_name);
  ADD ("/post-form/date-picker", test_date_picker);
  ADD ("/post-form/tab-follows-reading-order", test_tab_follows_reading_order);
  return g_test_run ();
}
