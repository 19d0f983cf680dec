/* jg-post-validate.c — the checks of a post before it is submitted
 *
 * Each rule adds JgIssue (jg-validate.h) through jg_issues_add(): a
 * msgid and its arguments as text, so that the server sends them and the
 * reviewer reads them in their own language. Labels passed as arguments
 * are msgids (their bit set in msgid_args).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-id-check.h"
#include "jg-post-html.h"
#include "jg-post-validate.h"
#include "jg-privacy.h"
#include "jg-validate.h"

#define ARG0 (1u << 0)
#define ARG1 (1u << 1)

/* A masked identity document number keeps at most the first 6 and the
 * last 4 characters (445202********1234): 8 stars for the 18 characters of
 * a resident ID, at least half of a shorter number. */
#define ID_MASK_HEAD 6
#define ID_MASK_TAIL 4
#define ID_MASK_MIN_STARS 8

/* The privacy guard's messages: a privacy hit in a text, the party's full
 * name outside its field, an unmasked name or ID number of a natural
 * person. jg_post_issue_is_privacy() tells them (the form offers Mask). */
#define PRIVACY_HIT_MASKED N_("“%s” contains a %s (%s). Personal data is never published: remove it or mask it.")
#define PRIVACY_HIT N_("“%s” contains a %s. Personal data is never published: remove it or mask it.")
#define PRIVACY_FULL_NAME N_("“%s” contains the party’s full name. A natural person is named masked: write “%s” instead.")
#define PRIVACY_NAME N_("A natural person is named masked in a disclosure. Write “%s” instead of the full name.")
#define PRIVACY_ID_NUMBER N_("An identity document number is never published in full. Write it masked: “%s”.")

/* Warnings about publishing the decision at all, not about one field
 * (jg_post_issue_is_notice()). */
#define NOTICE_WARNING_ONLY N_("A penalty that is a warning only is normally not published. Publish it only when the rules of your department require it.")
#define NOTICE_SIMPLIFIED N_("Decisions under the simplified procedure are normally not published. Publish it only when the rules of your department require it.")

static const char * const privacy_msgids[] = {
  PRIVACY_HIT_MASKED, PRIVACY_HIT, PRIVACY_FULL_NAME, PRIVACY_NAME, PRIVACY_ID_NUMBER,
};

static const char * const notice_msgids[] = {
  NOTICE_WARNING_ONLY, NOTICE_SIMPLIFIED,
};

/* One validation: the post, its fields, the issues so far. */
typedef struct {
  JgPost                *post;
  JgPostColumn           column;
  const JgPostFieldSpec *fields;
  guint                  n_fields;
  const char            *today;
  GPtrArray             *issues;
  guint64                valid;   /* bit per field: present and well-formed */
} Check;

#define MAX_FIELDS 64   /* the bits of Check.valid */

static const char *
value (Check *c,
       int    field)
{
  return field < 0 ? NULL : jg_post_get (c->post, c->fields[field].key);
}

static int
index_of (Check      *c,
          const char *key)
{
  return jg_post_field_index (c->column, key);
}

static const char *
valid_value (Check      *c,
             const char *key)
{
  int i = index_of (c, key);

  if (i < 0 || !(c->valid & (G_GUINT64_CONSTANT (1) << i)))
    return NULL;
  return value (c, i);
}

static const char *
label_of (Check *c,
          int    field)
{
  return c->fields[field].label;   /* a msgid: the issue translates it */
}

/* "YYYY-MM-DD", a real date from 1900 on, nothing after it. */
static gboolean
parse_date (const char *s,
            GDate      *date)
{
  guint y, m, d;

  if (s == NULL || strlen (s) != 10 || s[4] != '-' || s[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (s[i]))
      return FALSE;
  y = (guint) g_ascii_strtoull (s, NULL, 10);
  m = (guint) g_ascii_strtoull (s + 5, NULL, 10);
  d = (guint) g_ascii_strtoull (s + 8, NULL, 10);
  if (y < 1900 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

static gboolean
is_safety_sector (const char *sector)
{
  return g_strcmp0 (sector, JG_POST_SECTOR_SPECIAL_EQUIPMENT) == 0
         || g_strcmp0 (sector, JG_POST_SECTOR_WORK_SAFETY) == 0
         || g_strcmp0 (sector, JG_POST_SECTOR_FIRE) == 0;
}

char *
jg_post_default_disclosure_end (const char *decision_date)
{
  GDate date;

  if (!parse_date (decision_date, &date))
    return NULL;
  /* GDate keeps the last day of the month: 2024-02-29 → 2027-02-28. */
  g_date_add_years (&date, JG_POST_DISCLOSURE_DEFAULT_YEARS);
  return format_date (&date);
}

char *
jg_post_min_disclosure_end (const char *decision_date,
                            const char *sector)
{
  GDate date;

  if (!parse_date (decision_date, &date))
    return NULL;
  g_date_add_months (&date, is_safety_sector (sector) ? JG_POST_DISCLOSURE_MIN_MONTHS_SAFETY
                                                      : JG_POST_DISCLOSURE_MIN_MONTHS);
  return format_date (&date);
}

static char *
max_disclosure_end (const char *decision_date)
{
  GDate date;

  if (!parse_date (decision_date, &date))
    return NULL;
  g_date_add_years (&date, JG_POST_DISCLOSURE_MAX_YEARS);
  return format_date (&date);
}

/* An amount in 万元: digits, at most JG_POST_AMOUNT_DECIMALS decimals. */
static gboolean
is_amount (const char *s)
{
  const char *p = s;
  guint digits = 0, decimals = 0;

  while (g_ascii_isdigit (*p))
    p++, digits++;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      decimals++;
  return *p == '\0' && digits > 0 && decimals <= JG_POST_AMOUNT_DECIMALS
         && !(p[-1] == '.');
}

static gboolean
is_choice (const JgPostFieldSpec *spec,
           const char            *v)
{
  return jg_post_choice_get_text (spec, v) != NULL;
}

/* The rules of one field by itself; TRUE when it is present and valid. */
static gboolean
check_field (Check *c,
             int    field)
{
  const JgPostFieldSpec *spec = &c->fields[field];
  const char *v = value (c, field);
  const char *key = spec->key;

  if (v == NULL)
    {
      if (spec->required)
        jg_issues_add (c->issues, key, JG_ISSUE_ERROR, ARG0,
                       N_("“%s” is required. Fill it in."), label_of (c, field), NULL);
      return FALSE;
    }

  if (!g_utf8_validate (v, -1, NULL))
    {
      jg_issues_add (c->issues, key, JG_ISSUE_ERROR, ARG0,
                     N_("“%s” contains bytes that are not valid characters. Type it again."),
                     label_of (c, field), NULL);
      return FALSE;
    }

  if (spec->type != JG_POST_FIELD_LONG_TEXT && spec->type != JG_POST_FIELD_HTML
      && (g_ascii_isspace (v[0]) || g_ascii_isspace (v[strlen (v) - 1])))
    {
      jg_issues_add (c->issues, key, JG_ISSUE_ERROR, ARG0,
                     N_("“%s” begins or ends with a space. Remove the space."),
                     label_of (c, field), NULL);
      return FALSE;
    }

  if (spec->max_length > 0)
    {
      glong n = g_utf8_strlen (v, -1);

      if (n > (glong) spec->max_length)
        {
          g_autofree char *n_text = g_strdup_printf ("%ld", n);
          g_autofree char *max_text = g_strdup_printf ("%u", spec->max_length);

          jg_issues_add (c->issues, key, JG_ISSUE_ERROR, ARG0,
                         N_("“%s” has %ld characters, but at most %u are allowed. Shorten it."),
                         label_of (c, field), n_text, max_text, NULL);
          return FALSE;
        }
    }

  switch (spec->type)
    {
    case JG_POST_FIELD_DATE:
      {
        GDate date;

        if (!parse_date (v, &date))
          {
            jg_issues_add (c->issues, key, JG_ISSUE_ERROR, ARG1,
                           N_("“%s” is not a real date. Write “%s” as year-month-day, for example 2024-03-18."),
                           v, label_of (c, field), NULL);
            return FALSE;
          }
      }
      break;

    case JG_POST_FIELD_AMOUNT:
      if (!is_amount (v))
        {
          jg_issues_add (c->issues, key, JG_ISSUE_ERROR, ARG1,
                         N_("“%s” is not an amount. Write “%s” in 10,000 yuan (万元) with digits and at most six decimals, for example 0.5 or 12.35."),
                         v, label_of (c, field), NULL);
          return FALSE;
        }
      break;

    case JG_POST_FIELD_CHOICE:
      if (!is_choice (spec, v))
        {
          jg_issues_add (c->issues, key, JG_ISSUE_ERROR, ARG1,
                         N_("“%s” is not a code of the list for “%s”. Choose a value from the list."),
                         v, label_of (c, field), NULL);
          return FALSE;
        }
      break;

    case JG_POST_FIELD_TAGS:
      {
        g_auto(GStrv) tags = g_strsplit (v, ";", -1);

        for (guint i = 0; tags[i] != NULL; i++)
          if (!is_choice (spec, tags[i]))
            {
              jg_issues_add (c->issues, key, JG_ISSUE_ERROR, ARG1,
                             N_("“%s” is not a code of the list for “%s”. Choose a value from the list."),
                             tags[i], label_of (c, field), NULL);
              return FALSE;
            }
      }
      break;

    case JG_POST_FIELD_RECORD_LINKS:
      {
        g_auto(GStrv) links = g_strsplit (v, ";", -1);

        for (guint i = 0; links[i] != NULL; i++)
          if (!g_uuid_string_is_valid (links[i]))
            {
              jg_issues_add (c->issues, key, JG_ISSUE_ERROR, ARG1,
                             N_("“%s” in “%s” is not the identifier of a record. Choose the records from the list."),
                             links[i], label_of (c, field), NULL);
              return FALSE;
            }
      }
      break;

    case JG_POST_FIELD_CREDIT_CODE:
      {
        g_autoptr(GError) error = NULL;

        if (!jg_credit_code_is_valid (v, &error))
          {
            /* Already a sentence (jg-id-check.c), as records report it. */
            JgIssue *issue = g_new0 (JgIssue, 1);

            issue->field = g_strdup (key);
            issue->severity = JG_ISSUE_ERROR;
            issue->message = g_strdup (error->message);
            g_ptr_array_add (c->issues, issue);
            return FALSE;
          }
      }
      break;

    case JG_POST_FIELD_BOOL:
      if (strcmp (v, "1") != 0 && strcmp (v, "0") != 0)
        {
          jg_issues_add (c->issues, key, JG_ISSUE_ERROR, ARG0,
                         N_("“%s” must be “1” (yes) or “0” (no), not “%s”."),
                         label_of (c, field), v, NULL);
          return FALSE;
        }
      break;

    case JG_POST_FIELD_HTML:
      return jg_post_html_check (v, c->issues);

    case JG_POST_FIELD_TEXT:
    case JG_POST_FIELD_LONG_TEXT:
    case JG_POST_FIELD_DEPARTMENT:
    default:
      break;
    }
  return TRUE;
}

/* The untranslated label of a privacy kind: the msgids of
 * jg_privacy_kind_get_label(), so that the issue can name it in the
 * reader's language. */
static const char *
privacy_kind_msgid (JgPrivacyKind kind)
{
  switch (kind)
    {
    case JG_PRIVACY_ID_NUMBER: return N_("ID number");
    case JG_PRIVACY_PHONE: return N_("phone number");
    case JG_PRIVACY_BANK_ACCOUNT: return N_("bank account number");
    case JG_PRIVACY_ADDRESS: return N_("address");
    default: return N_("personal data");
    }
}

/* The privacy guard over one text: an error per hit, naming what was
 * found and showing it masked (never the data itself: the issue travels
 * to the server and the reviewer). */
static void
scan_privacy (Check      *c,
              const char *key,
              const char *label_msgid,
              const char *text)
{
  g_autoptr(GArray) hits = jg_privacy_scan (text);

  for (guint i = 0; i < hits->len; i++)
    {
      const JgPrivacyHit *hit = &g_array_index (hits, JgPrivacyHit, i);
      g_autofree char *found = g_strndup (text + hit->start, hit->end - hit->start);
      g_autoptr(GArray) again = jg_privacy_scan (found);
      g_autofree char *masked = again->len > 0 ? jg_privacy_mask (found, again) : NULL;

      if (masked != NULL && strcmp (masked, found) != 0)
        jg_issues_add (c->issues, key, JG_ISSUE_ERROR, ARG0 | ARG1,
                       PRIVACY_HIT_MASKED,
                       label_msgid, privacy_kind_msgid (hit->kind), masked, NULL);
      else
        jg_issues_add (c->issues, key, JG_ISSUE_ERROR, ARG0 | ARG1,
                       PRIVACY_HIT,
                       label_msgid, privacy_kind_msgid (hit->kind), NULL);
    }
}

static void
check_privacy (Check *c)
{
  const char *kind = valid_value (c, "party_kind");
  gboolean person = g_strcmp0 (kind, JG_POST_PARTY_NATURAL_PERSON) == 0;
  const char *name = person ? value (c, index_of (c, "party_name")) : NULL;

  for (guint i = 0; i < c->n_fields; i++)
    {
      const JgPostFieldSpec *spec = &c->fields[i];
      const char *v = value (c, i);

      if (v == NULL || !g_utf8_validate (v, -1, NULL))
        continue;
      /* The ID number has its own rule (masked_id); the body is scanned
       * as text, without its markup and image names. */
      if (spec->type == JG_POST_FIELD_HTML)
        {
          g_autoptr(JgPostDoc) doc = jg_post_doc_from_html (v, NULL);
          g_autofree char *text = jg_post_doc_to_text (doc);

          scan_privacy (c, spec->key, spec->label, text);
        }
      else if ((spec->type == JG_POST_FIELD_TEXT || spec->type == JG_POST_FIELD_LONG_TEXT)
               && strcmp (spec->key, "id_number") != 0)
        {
          scan_privacy (c, spec->key, spec->label, v);
          /* The party's full name elsewhere than in its own field. */
          if (name != NULL && !jg_privacy_name_is_masked (name)
              && strcmp (spec->key, "party_name") != 0 && strstr (v, name) != NULL)
            {
              g_autofree char *masked = jg_privacy_mask_name (name);

              jg_issues_add (c->issues, spec->key, JG_ISSUE_ERROR, ARG0,
                             PRIVACY_FULL_NAME,
                             spec->label, masked, NULL);
            }
        }
    }
}

/* The masked form of an identity document number: the first 6 and last 4
 * characters of an 18-character one, the rest stars; a quarter at each end
 * of a shorter one. */
char *
jg_post_mask_id_number (const char *id)
{
  glong n = g_utf8_strlen (id, -1);
  glong head = n >= JG_ID_NUMBER_LENGTH ? ID_MASK_HEAD : n / 4;
  glong tail = n >= JG_ID_NUMBER_LENGTH ? ID_MASK_TAIL : n / 4;
  GString *out = g_string_new (NULL);
  const char *p = id;

  for (glong i = 0; i < n; i++, p = g_utf8_next_char (p))
    if (i < head || i >= n - tail)
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    else
      g_string_append_c (out, '*');
  return g_string_free (out, FALSE);
}

gboolean
jg_post_id_number_is_masked (const char *id)
{
  glong n = g_utf8_strlen (id, -1);
  glong stars = 0;

  for (const char *p = id; *p; p++)
    stars += *p == '*';
  return stars > 0 && stars >= MIN (ID_MASK_MIN_STARS, (n + 1) / 2);
}

static gboolean
is_warning_only (const char *categories)
{
  return g_strcmp0 (categories, JG_POST_PENALTY_WARNING) == 0;
}

static gboolean
has_category (const char *categories,
              const char *code)
{
  g_auto(GStrv) list = categories ? g_strsplit (categories, ";", -1) : NULL;

  return list != NULL && g_strv_contains ((const char * const *) list, code);
}

#define PENALTY_FINE "02"   /* penalty_kind 罚款 */

static void
require_for_kind (Check      *c,
                  const char *key,
                  const char *kind)
{
  int i = index_of (c, key);
  const JgPostFieldSpec *kind_spec = jg_post_field_lookup (c->column, "party_kind");
  const char *kind_msgid = NULL;

  if (value (c, i) != NULL)
    return;
  for (const JgPostChoice *ch = kind_spec->choices; ch->value; ch++)
    if (strcmp (ch->value, kind) == 0)
      kind_msgid = ch->label;
  jg_issues_add (c->issues, key, JG_ISSUE_ERROR, ARG0 | ARG1,
                 N_("“%s” is required for a party of kind “%s”. Fill it in."),
                 label_of (c, i), kind_msgid, NULL);
}

static void
check_party (Check *c)
{
  const char *kind = valid_value (c, "party_kind");
  const char *name = valid_value (c, "party_name");
  const char *id = valid_value (c, "id_number");

  if (kind == NULL)
    return;
  if (strcmp (kind, JG_POST_PARTY_ORGANISATION) == 0)
    {
      require_for_kind (c, "credit_code", kind);
      require_for_kind (c, "legal_rep", kind);
    }
  else if (strcmp (kind, JG_POST_PARTY_INDIVIDUAL_BUSINESS) == 0)
    require_for_kind (c, "credit_code", kind);
  else if (strcmp (kind, JG_POST_PARTY_NATURAL_PERSON) == 0)
    {
      require_for_kind (c, "id_type", kind);
      require_for_kind (c, "id_number", kind);

      if (name != NULL && !jg_privacy_name_is_masked (name))
        {
          g_autofree char *masked = jg_privacy_mask_name (name);

          jg_issues_add (c->issues, "party_name", JG_ISSUE_ERROR, 0,
                         PRIVACY_NAME,
                         masked, NULL);
        }
      if (id != NULL && !jg_post_id_number_is_masked (id))
        {
          g_autofree char *masked = jg_post_mask_id_number (id);

          jg_issues_add (c->issues, "id_number", JG_ISSUE_ERROR, 0,
                         PRIVACY_ID_NUMBER,
                         masked, NULL);
        }
    }
}

static void
check_decision (Check *c)
{
  const char *decision = valid_value (c, "decision_date");
  const char *end = valid_value (c, "disclosure_end");
  const char *sector = valid_value (c, "sector");
  const char *categories = valid_value (c, "penalty_category");

  if (g_strcmp0 (valid_value (c, "party_is_minor"), "1") == 0)
    jg_issues_add (c->issues, "party_is_minor", JG_ISSUE_ERROR, 0,
                   N_("Cases of minors are never exposed. This decision cannot be published."), NULL);

  if (is_warning_only (categories))
    jg_issues_add (c->issues, "penalty_category", JG_ISSUE_WARNING, 0,
                   NOTICE_WARNING_ONLY, NULL);

  if (g_strcmp0 (valid_value (c, "procedure"), JG_POST_PROCEDURE_SIMPLIFIED) == 0)
    jg_issues_add (c->issues, "procedure", JG_ISSUE_WARNING, 0,
                   NOTICE_SIMPLIFIED, NULL);

  if (has_category (categories, PENALTY_FINE) && value (c, index_of (c, "fine_amount")) == NULL)
    jg_issues_add (c->issues, "fine_amount", JG_ISSUE_ERROR, 0,
                   N_("The penalty includes a fine, so the fine amount is required. Enter it in 10,000 yuan (万元)."), NULL);

  if (decision != NULL && c->today != NULL && strcmp (decision, c->today) > 0)
    jg_issues_add (c->issues, "decision_date", JG_ISSUE_ERROR, 0,
                   N_("The decision date %s is in the future. Enter the date the decision was made."),
                   decision, NULL);

  if (decision != NULL && end != NULL)
    {
      g_autofree char *min_end = jg_post_min_disclosure_end (decision, sector);
      g_autofree char *max_end = max_disclosure_end (decision);

      if (strcmp (end, min_end) < 0)
        {
          if (is_safety_sector (sector))
            jg_issues_add (c->issues, "disclosure_end", JG_ISSUE_ERROR, 0,
                           N_("The disclosure ends on %s, less than a year after the decision; in this sector it lasts a year at least. Choose %s or later."),
                           end, min_end, NULL);
          else
            jg_issues_add (c->issues, "disclosure_end", JG_ISSUE_ERROR, 0,
                           N_("The disclosure ends on %s, less than 3 months after the decision. Choose %s or later."),
                           end, min_end, NULL);
        }
      else if (strcmp (end, max_end) > 0)
        jg_issues_add (c->issues, "disclosure_end", JG_ISSUE_ERROR, 0,
                       N_("The disclosure ends on %s, more than 3 years after the decision. Choose %s or earlier."),
                       end, max_end, NULL);
      else if (c->today != NULL && strcmp (end, c->today) < 0)
        jg_issues_add (c->issues, "disclosure_end", JG_ISSUE_ERROR, 0,
                       N_("The disclosure period ended on %s. A decision is no longer published after its period."),
                       end, NULL);
    }
}

static void
check_source_record (Check *c)
{
  const char *v = valid_value (c, "source_record");

  if (v != NULL && strchr (v, ';') != NULL)
    jg_issues_add (c->issues, "source_record", JG_ISSUE_ERROR, 0,
                   N_("A disclosure comes from one penalty record only. Keep the record it was made from."), NULL);
}

/* Issues in field order (the form's), those of the whole post first; the
 * order of a field's own issues kept. */
static int
field_position (Check      *c,
                const char *key)
{
  return key == NULL ? -1 : index_of (c, key);
}

static int
compare_issues (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const JgIssue *ia = *(JgIssue * const *) a;
  const JgIssue *ib = *(JgIssue * const *) b;

  return field_position (user_data, ia->field) - field_position (user_data, ib->field);
}

GPtrArray *
jg_post_validate (JgPost     *post,
                  const char *today)
{
  Check c = { 0 };

  g_return_val_if_fail (JG_IS_POST (post), NULL);

  c.post = post;
  c.column = jg_post_get_column (post);
  c.fields = jg_post_fields (c.column, &c.n_fields);
  c.today = today;
  c.issues = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_issue_free);
  g_assert (c.n_fields <= MAX_FIELDS);

  for (guint i = 0; i < c.n_fields; i++)
    if (check_field (&c, i))
      c.valid |= G_GUINT64_CONSTANT (1) << i;

  if (c.column == JG_POST_EXPOSURE)
    {
      check_party (&c);
      check_decision (&c);
      check_source_record (&c);
    }
  check_privacy (&c);

  /* GLib's sort is a merge sort: a field's issues keep their order. */
  g_ptr_array_sort_with_data (c.issues, compare_issues, &c);
  return c.issues;
}

static gboolean
msgid_in (const JgIssue      *issue,
          const char * const *msgids,
          gsize               n)
{
  for (gsize i = 0; issue->msgid != NULL && i < n; i++)
    if (strcmp (issue->msgid, msgids[i]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
jg_post_issue_is_privacy (const JgIssue *issue)
{
  g_return_val_if_fail (issue != NULL, FALSE);
  return msgid_in (issue, privacy_msgids, G_N_ELEMENTS (privacy_msgids));
}

gboolean
jg_post_issue_is_notice (const JgIssue *issue)
{
  g_return_val_if_fail (issue != NULL, FALSE);
  return issue->severity == JG_ISSUE_WARNING
         && msgid_in (issue, notice_msgids, G_N_ELEMENTS (notice_msgids));
}
