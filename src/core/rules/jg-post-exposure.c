/* jg-post-exposure.c — an exposure (曝光台) post from a penalty record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "jg-id-check.h"
#include "jg-post-exposure.h"
#include "jg-post-validate.h"
#include "jg-privacy.h"

/* Codes of the record code tables (data/demo/code-tables.json). */
#define NATURE_CITIZEN "01"        /* party_nature 公民 */
#define DOC_TYPE_CREDIT_CODE "001" /* doc_type 统一社会信用代码 */
#define DOC_TYPE_RESIDENT_ID "111" /* doc_type 居民身份证 */
/* GB 32100: characters 1–2 of a credit code are the registering authority
 * and the kind of body; "92" is an individual business (个体工商户). */
#define CREDIT_CODE_INDIVIDUAL_BUSINESS "92"
#define AGE_OF_MAJORITY 18
/* Yuan to 万元: 10,000 yuan are 1,000,000 fen. */
#define FEN_PER_WAN 1000000
#define FEN_PER_YUAN 100

static const char TITLE_PREFIX[] = "关于";
static const char TITLE_SUFFIX[] = "的行政处罚信息公示";

/* "1234.5" yuan → "0.123450" → "0.12345" 万元; NULL when not an amount.
 * In integers: a double would turn 0.1 + 0.2 into the wrong fen. */
static char *
yuan_to_wan (const char *yuan)
{
  const char *p = yuan;
  guint64 fen = 0;
  guint decimals = 0;
  GString *out;

  if (yuan == NULL || !g_ascii_isdigit (*p))
    return NULL;
  for (; g_ascii_isdigit (*p); p++)
    {
      if (fen > G_MAXUINT64 / 1000)
        return NULL;
      fen = fen * 10 + (guint64) (*p - '0');
    }
  fen *= FEN_PER_YUAN;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p) && decimals < 2; p++, decimals++)
      fen += (guint64) (*p - '0') * (decimals == 0 ? 10 : 1);
  if (*p != '\0')
    return NULL;

  out = g_string_new (NULL);
  g_string_append_printf (out, "%" G_GUINT64_FORMAT ".%06" G_GUINT64_FORMAT,
                          fen / FEN_PER_WAN, fen % FEN_PER_WAN);
  while (out->str[out->len - 1] == '0')
    g_string_truncate (out, out->len - 1);
  if (out->str[out->len - 1] == '.')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* @text with the personal data the privacy guard finds masked, and a
 * natural person's full @name (may be NULL) replaced by @masked_name. */
static char *
masked_text (const char *text,
             const char *name,
             const char *masked_name)
{
  g_autoptr(GArray) hits = NULL;
  g_autofree char *named = NULL;

  if (text == NULL)
    return NULL;
  if (name != NULL && *name != '\0' && masked_name != NULL && strcmp (name, masked_name) != 0)
    {
      g_auto(GStrv) parts = g_strsplit (text, name, -1);

      named = g_strjoinv (masked_name, parts);
      text = named;
    }
  hits = jg_privacy_scan (text);
  return hits->len > 0 ? jg_privacy_mask (text, hits) : g_strdup (text);
}

/* Whether the holder of resident ID @id was under 18 on @date
 * ("YYYY-MM-DD"); *@known FALSE when either cannot tell. */
static gboolean
minor_on (const char *id,
          const char *date,
          gboolean   *known)
{
  const char *birth;   /* YYYYMMDD, characters 7–14 of the ID number */
  char month_day[5];
  int years;

  *known = FALSE;
  if (id == NULL || date == NULL || strlen (date) != 10 || !jg_id_number_is_valid (id, NULL))
    return FALSE;
  birth = id + 6;
  years = atoi (date) - ((birth[0] - '0') * 1000 + (birth[1] - '0') * 100
                         + (birth[2] - '0') * 10 + (birth[3] - '0'));
  /* Before the birthday in the year of @date: one year less. */
  month_day[0] = date[5];
  month_day[1] = date[6];
  month_day[2] = date[8];
  month_day[3] = date[9];
  month_day[4] = '\0';
  if (strncmp (month_day, birth + 4, 4) < 0)
    years--;
  *known = TRUE;
  return years < AGE_OF_MAJORITY;
}

static char *
make_title (const char *party,
            const char *decision_no)
{
  g_autofree char *title = g_strconcat (TITLE_PREFIX, party ? party : "", TITLE_SUFFIX, NULL);

  if (g_utf8_strlen (title, -1) <= JG_POST_TITLE_MAX_LENGTH)
    return g_steal_pointer (&title);
  /* A long name: the decision names the case as well. */
  g_free (title);
  title = g_strconcat ("行政处罚信息公示（", decision_no ? decision_no : "", "）", NULL);
  if (g_utf8_strlen (title, -1) <= JG_POST_TITLE_MAX_LENGTH)
    return g_steal_pointer (&title);
  return g_strdup ("行政处罚信息公示");
}

JgPost *
jg_post_new_exposure_from_record (JgRecord   *penalty,
                                  const char *today)
{
  g_autoptr(JgPost) post = NULL;
  const JgPostFieldSpec *spec;
  g_autofree char *kind = NULL, *masked_name = NULL, *narrative = NULL;
  const char *name, *code, *doc_type, *decision_date;
  gboolean person;

  g_return_val_if_fail (JG_IS_RECORD (penalty), NULL);
  g_return_val_if_fail (jg_record_get_kind (penalty) == JG_RECORD_PENALTY, NULL);

  post = jg_post_new (JG_POST_EXPOSURE, jg_record_get_department (penalty));
  name = jg_record_get (penalty, "party_name");
  code = jg_record_get (penalty, "party_code");
  doc_type = jg_record_get (penalty, "party_doc_type");
  decision_date = jg_record_get (penalty, "decision_date");

  /* The party: a citizen is a natural person; a body with a credit code of
   * an individual business is one; every other body an organisation. */
  person = g_strcmp0 (jg_record_get (penalty, "party_nature"), NATURE_CITIZEN) == 0;
  if (person)
    kind = g_strdup (JG_POST_PARTY_NATURAL_PERSON);
  else if (code != NULL && g_str_has_prefix (code, CREDIT_CODE_INDIVIDUAL_BUSINESS))
    kind = g_strdup (JG_POST_PARTY_INDIVIDUAL_BUSINESS);
  else
    kind = g_strdup (JG_POST_PARTY_ORGANISATION);
  jg_post_set (post, "party_kind", kind);

  if (person)
    {
      masked_name = jg_privacy_mask_name (name);
      jg_post_set (post, "party_name", masked_name);
      spec = jg_post_field_lookup (JG_POST_EXPOSURE, "id_type");
      if (jg_post_choice_get_text (spec, doc_type) != NULL)
        jg_post_set (post, "id_type", doc_type);
      if (code != NULL)
        {
          /* Only masked: the full number never enters the post. */
          g_autofree char *masked_id = jg_post_mask_id_number (code);

          jg_post_set (post, "id_number", masked_id);
        }
      if (g_strcmp0 (doc_type, DOC_TYPE_RESIDENT_ID) == 0)
        {
          gboolean known;
          gboolean minor = minor_on (code, decision_date, &known);

          if (known)
            jg_post_set (post, "party_is_minor", minor ? "1" : "0");
        }
    }
  else
    {
      jg_post_set (post, "party_name", name);
      if (g_strcmp0 (doc_type, DOC_TYPE_CREDIT_CODE) == 0)
        jg_post_set (post, "credit_code", code);
    }

  {
    const char *party = person ? masked_name : name;
    g_autofree char *title = make_title (party, jg_record_get (penalty, "decision_no"));
    g_autofree char *facts = masked_text (jg_record_get (penalty, "illegal_facts"),
                                          person ? name : NULL, masked_name);
    g_autofree char *basis = masked_text (jg_record_get (penalty, "penalty_basis"),
                                          person ? name : NULL, masked_name);
    g_autofree char *content = masked_text (jg_record_get (penalty, "penalty_result"),
                                            person ? name : NULL, masked_name);
    g_autofree char *fine = yuan_to_wan (jg_record_get (penalty, "fine_amount"));
    const char *penalty_kind = jg_record_get (penalty, "penalty_kind");
    const char *procedure = jg_record_get (penalty, "penalty_procedure");
    const char *authority_code = jg_record_get (penalty, "impl_body_code");

    jg_post_set (post, "title", title);
    jg_post_set (post, "decision_no", jg_record_get (penalty, "decision_no"));
    jg_post_set (post, "violation_type", jg_record_get (penalty, "name"));
    jg_post_set (post, "facts", facts);
    jg_post_set (post, "legal_basis", basis);
    jg_post_set (post, "penalty_content", content);
    jg_post_set (post, "fine_amount", fine);
    spec = jg_post_field_lookup (JG_POST_EXPOSURE, "penalty_category");
    if (jg_post_choice_get_text (spec, penalty_kind) != NULL)
      jg_post_set (post, "penalty_category", penalty_kind);
    spec = jg_post_field_lookup (JG_POST_EXPOSURE, "procedure");
    if (jg_post_choice_get_text (spec, procedure) != NULL)
      jg_post_set (post, "procedure", procedure);
    jg_post_set (post, "decision_date", decision_date);

    /* The body that decided is the one that publishes: both the
     * implementing body of the record, its code when it is a credit code. */
    jg_post_set (post, "authority", jg_record_get (penalty, "impl_body"));
    jg_post_set (post, "data_source", jg_record_get (penalty, "impl_body"));
    if (authority_code != NULL && jg_credit_code_is_valid (authority_code, NULL))
      {
        jg_post_set (post, "authority_credit_code", authority_code);
        jg_post_set (post, "data_source_credit_code", authority_code);
      }
  }

  if (decision_date != NULL && (today == NULL || strcmp (decision_date, today) <= 0))
    {
      g_autofree char *end = jg_post_default_disclosure_end (decision_date);

      jg_post_set (post, "disclosure_end", end);
    }
  jg_post_set (post, "source_record", jg_record_get_uuid (penalty));

  narrative = jg_post_exposure_narrative (post);
  jg_post_set (post, "narrative", narrative);
  return g_steal_pointer (&post);
}

/* "2026-03-18" → "2026年3月18日"; other text as it is. */
static void
append_date (GString    *out,
             const char *date)
{
  if (date != NULL && strlen (date) == 10 && date[4] == '-' && date[7] == '-')
    g_string_append_printf (out, "%.4s年%d月%d日", date, atoi (date + 5), atoi (date + 8));
  else if (date != NULL)
    g_string_append (out, date);
}

/* Appends @text and ends the sentence with "。" unless it ends already. */
static void
append_sentence (GString    *out,
                 const char *text)
{
  static const char * const ends[] = { "。", "！", "？", "；", ".", NULL };
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  g_string_append (out, trimmed);
  for (guint i = 0; ends[i] != NULL; i++)
    if (g_str_has_suffix (trimmed, ends[i]))
      return;
  g_string_append (out, "。");
}

char *
jg_post_exposure_narrative (JgPost *post)
{
  GString *out;
  g_autofree char *party = NULL;
  const char *kind, *code, *rep, *v;

  g_return_val_if_fail (JG_IS_POST (post), NULL);
  g_return_val_if_fail (jg_post_get_column (post) == JG_POST_EXPOSURE, NULL);

  kind = jg_post_get (post, "party_kind");
  /* Whatever the form holds, a natural person is named masked here. */
  party = g_strcmp0 (kind, JG_POST_PARTY_NATURAL_PERSON) == 0
          ? jg_privacy_mask_name (jg_post_get (post, "party_name"))
          : g_strdup (jg_post_get (post, "party_name") ? jg_post_get (post, "party_name") : "");
  code = jg_post_get (post, "credit_code");
  rep = jg_post_get (post, "legal_rep");

  out = g_string_new (NULL);
  if ((v = jg_post_get (post, "authority")) != NULL)
    g_string_append (out, v);
  if ((v = jg_post_get (post, "decision_date")) != NULL)
    {
      g_string_append (out, "于");
      append_date (out, v);
    }
  g_string_append_printf (out, "对%s作出行政处罚决定", party);
  if ((v = jg_post_get (post, "decision_no")) != NULL)
    g_string_append_printf (out, "（%s）", v);
  g_string_append (out, "。\n");

  g_string_append_printf (out, "当事人：%s", party);
  if (g_strcmp0 (kind, JG_POST_PARTY_NATURAL_PERSON) != 0)
    {
      if (code != NULL)
        g_string_append_printf (out, "，统一社会信用代码：%s", code);
      if (rep != NULL)
        g_string_append_printf (out, "，%s：%s",
                                g_strcmp0 (kind, JG_POST_PARTY_INDIVIDUAL_BUSINESS) == 0
                                ? "经营者" : "法定代表人", rep);
    }
  g_string_append (out, "。\n");

  if ((v = jg_post_get (post, "facts")) != NULL)
    {
      g_string_append (out, "违法事实：");
      append_sentence (out, v);
      g_string_append_c (out, '\n');
    }
  if ((v = jg_post_get (post, "legal_basis")) != NULL)
    {
      g_string_append (out, "处罚依据：");
      append_sentence (out, v);
      g_string_append_c (out, '\n');
    }
  if ((v = jg_post_get (post, "penalty_content")) != NULL)
    {
      g_string_append (out, "处罚内容：");
      append_sentence (out, v);
      g_string_append_c (out, '\n');
    }
  if ((v = jg_post_get (post, "fine_amount")) != NULL)
    g_string_append_printf (out, "罚款金额：%s万元。\n", v);
  if ((v = jg_post_get (post, "confiscation_amount")) != NULL)
    g_string_append_printf (out, "没收违法所得、没收非法财物的金额：%s万元。\n", v);
  if ((v = jg_post_get (post, "licence")) != NULL)
    g_string_append_printf (out, "暂扣或吊销证照：%s。\n", v);
  if ((v = jg_post_get (post, "disclosure_end")) != NULL)
    {
      g_string_append (out, "公示期限至");
      append_date (out, v);
      g_string_append (out, "。");
    }

  /* Personal data in the fields is masked in the text as well. */
  {
    g_autofree char *text = g_string_free (out, FALSE);
    g_autoptr(GArray) hits = jg_privacy_scan (text);

    return hits->len > 0 ? jg_privacy_mask (text, hits) : g_steal_pointer (&text);
  }
}
