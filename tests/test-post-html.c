/* test-post-html.c — the body of a 监管动态 post: subset, sanitiser, check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "jg-post-html.h"
#include "jg-validate.h"

#define HASH_A "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define HASH_B "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

/* What a pasted or stored body becomes, canonical. */
static char *
clean (const char *html,
       gboolean   *dropped)
{
  g_autoptr(JgPostDoc) doc = jg_post_doc_from_html (html, dropped);
  return jg_post_doc_to_html (doc);
}

static void
assert_fixed_point (const char *html)
{
  gboolean dropped = TRUE;
  g_autofree char *again = clean (html, &dropped);

  g_assert_cmpstr (again, ==, html);
  g_assert_false (dropped);
}

static void
test_round_trip (void)
{
  static const char *canonical =
    "<h3>一、<strong>基本情况</strong></h3>"
    "<p>3 月 1 日，<strong>市市场监管局</strong>开展 &amp; 检查 &lt;食品&gt; \"专项\"。</p>"
    "<ul><li>检查商户 12 家</li><li><strong>责令整改</strong> 3 家</li></ul>"
    "<ol><li>立案</li><li>处罚</li></ol>"
    "<ul><li>另一个列表</li></ul>"
    "<figure><img src=\"jg-image:" HASH_A "\" alt=\"执法人员检查冷库温度 &quot;-18℃&quot;\">"
    "<figcaption>冷库检查现场</figcaption></figure>"
    "<figure><img src=\"jg-image:" HASH_B "\" alt=\"检查记录表\"></figure>"
    "<p>完。</p>";
  g_autoptr(JgPostDoc) doc = jg_post_doc_from_html (canonical, NULL);
  g_autofree char *text = jg_post_doc_to_text (doc);
  g_auto(GStrv) hashes = jg_post_doc_image_hashes (doc);
  JgPostBlock *block;

  assert_fixed_point (canonical);
  g_assert_cmpuint (doc->blocks->len, ==, 10);

  block = doc->blocks->pdata[0];
  g_assert_cmpint (block->kind, ==, JG_POST_BLOCK_HEADING);
  g_assert_cmpuint (block->runs->len, ==, 2);
  g_assert_true (((JgPostRun *) block->runs->pdata[1])->bold);
  g_assert_cmpint (((JgPostBlock *) doc->blocks->pdata[2])->kind, ==, JG_POST_BLOCK_BULLET_ITEM);
  g_assert_cmpint (((JgPostBlock *) doc->blocks->pdata[4])->kind, ==, JG_POST_BLOCK_NUMBER_ITEM);
  block = doc->blocks->pdata[7];
  g_assert_cmpint (block->kind, ==, JG_POST_BLOCK_IMAGE);
  g_assert_cmpstr (block->image_sha256, ==, HASH_A);
  g_assert_cmpstr (block->image_alt, ==, "执法人员检查冷库温度 \"-18℃\"");
  g_assert_cmpstr (block->image_caption, ==, "冷库检查现场");

  g_assert_cmpstr (text, ==,
                   "一、基本情况\n"
                   "3 月 1 日，市市场监管局开展 & 检查 <食品> \"专项\"。\n"
                   "检查商户 12 家\n责令整改 3 家\n立案\n处罚\n另一个列表\n"
                   "冷库检查现场\n完。");
  g_assert_cmpuint (g_strv_length (hashes), ==, 2);
  g_assert_cmpstr (hashes[0], ==, HASH_A);
  g_assert_cmpstr (hashes[1], ==, HASH_B);

  assert_fixed_point ("");
}

/* The editor builds documents by hand: the canonical form of what it built. */
static void
test_build (void)
{
  g_autoptr(JgPostDoc) doc = jg_post_doc_new ();
  g_autofree char *html = NULL;
  g_auto(GStrv) hashes = NULL;
  JgPostBlock *block;

  block = jg_post_doc_append_block (doc, JG_POST_BLOCK_PARAGRAPH);
  jg_post_block_append_run (block, "  开展  ", FALSE);
  jg_post_block_append_run (block, "双随机", TRUE);
  jg_post_block_append_run (block, "抽查", TRUE);
  jg_post_block_append_run (block, "\n工作 ", FALSE);
  g_assert_cmpuint (block->runs->len, ==, 3);   /* the two bold runs merged */
  jg_post_doc_append_block (doc, JG_POST_BLOCK_PARAGRAPH);   /* empty: left out */
  block = jg_post_doc_append_block (doc, JG_POST_BLOCK_NUMBER_ITEM);
  jg_post_block_append_run (block, "一", FALSE);
  block = jg_post_doc_append_block (doc, JG_POST_BLOCK_NUMBER_ITEM);
  jg_post_block_append_run (block, "二", FALSE);
  for (guint i = 0; i < 2; i++)
    {
      block = jg_post_doc_append_block (doc, JG_POST_BLOCK_IMAGE);
      block->image_sha256 = g_strdup (HASH_A);
      block->image_alt = g_strdup ("抽查现场");
    }

  html = jg_post_doc_to_html (doc);
  g_assert_cmpstr (html, ==,
                   "<p>开展 <strong>双随机抽查</strong> 工作</p>"
                   "<ol><li>一</li><li>二</li></ol>"
                   "<figure><img src=\"jg-image:" HASH_A "\" alt=\"抽查现场\"></figure>"
                   "<figure><img src=\"jg-image:" HASH_A "\" alt=\"抽查现场\"></figure>");
  assert_fixed_point (html);
  hashes = jg_post_doc_image_hashes (doc);
  g_assert_cmpuint (g_strv_length (hashes), ==, 1);
}

static void
test_sanitiser (void)
{
  static const char *hostile =
    "<script>alert('x')</script>"
    "<style>p { color: red }</style>"
    "<p onclick=\"steal()\" onmouseover=\"steal()\">点击<a href=\"javascript:alert(1)\">这里</a></p>"
    "<iframe src=\"https://evil.example/\">框架文字</iframe>"
    "<table><tr><td>外层<table><tr><td>内层</td></tr></table></td><td>第二格</td></tr></table>"
    "<img src=\"https://evil.example/x.png\" alt=\"外部图片\">"
    "<img src=\"file:///home/user/a.jpg\" alt=\"本地路径\">"
    "<img src=\"jg-image:" HASH_A "\" onerror=\"steal()\" alt=\"保留的图片\">"
    "<!-- 注释 --><h1>标题</h1><ul><li>一<ul><li>嵌套</li></ul></li></ul>";
  gboolean dropped = FALSE;
  g_autofree char *html = clean (hostile, &dropped);

  g_assert_true (dropped);
  g_assert_cmpstr (html, ==,
                   "<p>点击这里</p><p>外层</p><p>内层</p><p>第二格</p>"
                   "<figure><img src=\"jg-image:" HASH_A "\" alt=\"保留的图片\"></figure>"
                   "<h3>标题</h3><ul><li>一</li><li>嵌套</li></ul>");
  g_assert_null (strstr (html, "script"));
  g_assert_null (strstr (html, "alert"));
  g_assert_null (strstr (html, "evil"));
  g_assert_null (strstr (html, "steal"));
  g_assert_null (strstr (html, "color"));
  g_assert_null (strstr (html, "注释"));
  g_assert_null (strstr (html, "框架文字"));

  /* one thing dropped is enough to say so */
  g_free (clean ("<p>a</p><script>b</script>", &dropped));
  g_assert_true (dropped);
  g_free (clean ("<p><em>a</em></p>", &dropped));
  g_assert_true (dropped);
  g_free (clean ("<p>a</p>\n<p>b</p>", &dropped));
  g_assert_false (dropped);

  /* HTML5 allows the caption first; a caption without our image is text */
  g_free (html);
  html = clean ("<figure><figcaption>现场</figcaption><img src=\"jg-image:" HASH_A "\" alt=\"a\"></figure>"
                "<figure><figcaption>无图</figcaption></figure>", &dropped);
  g_assert_cmpstr (html, ==, "<figure><img src=\"jg-image:" HASH_A "\" alt=\"a\"><figcaption>现场</figcaption></figure>"
                             "<p>无图</p>");
  g_assert_false (dropped);

  /* NULL and "" */
  g_free (clean (NULL, &dropped));
  g_assert_false (dropped);
  html = (g_free (html), clean ("", NULL));
  g_assert_cmpstr (html, ==, "");
}

/* What Word (and WPS, which writes the same) puts on the clipboard. */
static const char word_clipboard[] =
  "<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\""
  " xmlns:w=\"urn:schemas-microsoft-com:office:word\">\r\n"
  "<head><meta http-equiv=Content-Type content=\"text/html; charset=utf-8\">"
  "<meta name=Generator content=\"Microsoft Word 15\">\r\n"
  "<style><!-- p.MsoNormal {margin:0cm; font-size:10.5pt; font-family:等线;} --></style>\r\n"
  "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->\r\n"
  "</head><body lang=ZH-CN style='tab-interval:21.0pt'>\r\n"
  "<!--StartFragment-->\r\n"
  "<p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:16.0pt;"
  "font-family:方正小标宋简体'>揭阳市开展春季食品安全专项检查</span></b><span lang=EN-US><o:p></o:p></span></p>\r\n"
  "<p class=MsoNormal style='text-indent:32.0pt'><span style='font-family:仿宋_GB2312'>"
  "　　近日，市市场监管局组织开展<span style='font-weight:600'>专项检查</span>。"
  "<span lang=EN-US><o:p></o:p></span></span></p>\r\n"
  "<p class=MsoListParagraph style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'>"
  "<![if !supportLists]><span lang=EN-US style='font-family:Symbol'><span style='mso-list:Ignore'>·"
  "<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>"
  "<span style='font-family:仿宋_GB2312'>检查食品经营户<span lang=EN-US>126</span>家</span><o:p></o:p></p>\r\n"
  "<p class=MsoListParagraph style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'>"
  "<!--[if !supportLists]--><span lang=EN-US style='font-family:Symbol'><span style='mso-list:Ignore'>·"
  "<span style='font:7.0pt \"Times New Roman\"'>&nbsp; </span></span></span><!--[endif]-->"
  "<span style='font-family:仿宋_GB2312'>责令整改<b>9</b>家</span></p>\r\n"
  "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\r\n"
  "<p class=MsoListParagraph style='mso-list:l1 level1 lfo2'><![if !supportLists]><span lang=EN-US>"
  "<span style='mso-list:Ignore'>1.<span style='font:7.0pt \"Times New Roman\"'>&nbsp; </span></span></span>"
  "<![endif]>加强日常巡查<o:p></o:p></p>\r\n"
  "<p class=MsoListParagraph style='mso-list:l1 level1 lfo2'><![if !supportLists]><span lang=EN-US>"
  "<span style='mso-list:Ignore'>2.<span style='font:7.0pt \"Times New Roman\"'>&nbsp; </span></span></span>"
  "<![endif]>公开曝光典型案例<o:p></o:p></p>\r\n"
  "<!--EndFragment-->\r\n"
  "</body></html>";

static void
test_word_paste (void)
{
  gboolean dropped = TRUE;
  g_autofree char *html = clean (word_clipboard, &dropped);

  g_assert_cmpstr (html, ==,
                   "<p><strong>揭阳市开展春季食品安全专项检查</strong></p>"
                   "<p>近日，市市场监管局组织开展<strong>专项检查</strong>。</p>"
                   "<ul><li>检查食品经营户126家</li><li>责令整改<strong>9</strong>家</li></ul>"
                   "<ol><li>加强日常巡查</li><li>公开曝光典型案例</li></ol>");
  /* nothing a reader saw was lost: Word's styles and empty <o:p> are not content */
  g_assert_false (dropped);
}

static guint
count_issues (GPtrArray       *issues,
              JgIssueSeverity  severity)
{
  guint n = 0;

  for (guint i = 0; i < issues->len; i++)
    {
      JgIssue *issue = issues->pdata[i];
      g_assert_cmpstr (issue->field, ==, "body");
      g_assert_nonnull (issue->message);
      g_assert_nonnull (issue->msgid);
      n += issue->severity == severity;
    }
  return n;
}

static GPtrArray *
check (const char *html,
       gboolean    expected_ok)
{
  GPtrArray *issues = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_issue_free);

  g_assert_cmpint (jg_post_html_check (html, issues), ==, expected_ok);
  return issues;
}

static void
test_check (void)
{
  g_autoptr(GPtrArray) good = check ("<p>正文</p><figure><img src=\"jg-image:" HASH_A
                                     "\" alt=\"执法人员查看进货台账\"><figcaption>现场检查</figcaption></figure>", TRUE);
  g_autoptr(GPtrArray) spaced = check ("<p>正文</p>\n<p>第二段</p>", FALSE);
  g_autoptr(GPtrArray) attributes = check ("<p class=\"x\">正文</p>", FALSE);
  g_autoptr(GPtrArray) bold = check ("<p><b>正文</b></p>", FALSE);
  g_autoptr(GPtrArray) script = check ("<p>正文</p><script>x()</script>", FALSE);
  g_autoptr(GPtrArray) no_alt = check ("<figure><img src=\"jg-image:" HASH_A "\" alt=\"\"></figure>", FALSE);
  g_autoptr(GPtrArray) file_name = check ("<figure><img src=\"jg-image:" HASH_A "\" alt=\"IMG_0001.jpg\"></figure>"
                                          "<figure><img src=\"jg-image:" HASH_B "\" alt=\"微信图片_20230512143022\"></figure>", TRUE);
  g_autoptr(GPtrArray) generic = check ("<figure><img src=\"jg-image:" HASH_A "\" alt=\"图片\"></figure>"
                                        "<figure><img src=\"jg-image:" HASH_A "\" alt=\"Photo 2\"></figure>", TRUE);
  g_autoptr(GPtrArray) repeated = check ("<figure><img src=\"jg-image:" HASH_A "\" alt=\"冷库检查现场\">"
                                         "<figcaption>冷库检查现场。</figcaption></figure>", TRUE);
  JgIssue *issue;

  g_assert_cmpuint (good->len, ==, 0);
  g_assert_cmpuint (count_issues (spaced, JG_ISSUE_ERROR), ==, 1);
  g_assert_cmpuint (count_issues (attributes, JG_ISSUE_ERROR), ==, 1);
  g_assert_cmpuint (count_issues (bold, JG_ISSUE_ERROR), ==, 1);
  g_assert_cmpuint (count_issues (script, JG_ISSUE_ERROR), ==, 1);

  g_assert_cmpuint (count_issues (no_alt, JG_ISSUE_ERROR), ==, 1);
  issue = no_alt->pdata[0];
  g_assert_nonnull (strstr (issue->message, "Image 1 has no alternative text"));

  g_assert_cmpuint (count_issues (file_name, JG_ISSUE_WARNING), ==, 2);
  issue = file_name->pdata[1];
  g_assert_nonnull (strstr (issue->message, "image 2"));
  g_assert_nonnull (strstr (issue->message, "file name"));
  g_assert_cmpuint (issue->msgid_args, ==, 1u << 1);   /* the reason is itself a msgid */
  g_assert_cmpuint (count_issues (generic, JG_ISSUE_WARNING), ==, 2);
  issue = generic->pdata[0];
  g_assert_nonnull (strstr (issue->message, "only says that this is an image"));
  g_assert_cmpuint (count_issues (repeated, JG_ISSUE_WARNING), ==, 1);
  issue = repeated->pdata[0];
  g_assert_nonnull (strstr (issue->message, "repeats the caption"));
}

static void
test_alt_text_problem (void)
{
  g_assert_null (jg_post_alt_text_problem ("执法人员检查冷库温度", "冷库检查"));
  g_assert_null (jg_post_alt_text_problem ("2026年3月检查现场", NULL));
  g_assert_null (jg_post_alt_text_problem ("", NULL));
  g_assert_nonnull (jg_post_alt_text_problem ("DSC_0042.JPG", NULL));
  g_assert_nonnull (jg_post_alt_text_problem ("IMG20260301", NULL));
  g_assert_nonnull (jg_post_alt_text_problem ("mmexport1687654321000", NULL));
  g_assert_nonnull (jg_post_alt_text_problem ("20230512_143022", NULL));
  g_assert_nonnull (jg_post_alt_text_problem ("截图", NULL));
  g_assert_nonnull (jg_post_alt_text_problem ("照片1", NULL));
  g_assert_nonnull (jg_post_alt_text_problem (" picture ", NULL));
  g_assert_nonnull (jg_post_alt_text_problem ("现场检查", "现场检查"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/post-html/round-trip", test_round_trip);
  g_test_add_func ("/post-html/build", test_build);
  g_test_add_func ("/post-html/sanitiser", test_sanitiser);
  g_test_add_func ("/post-html/word-paste", test_word_paste);
  g_test_add_func ("/post-html/check", test_check);
  g_test_add_func ("/post-html/alt-text-problem", test_alt_text_problem);

  return g_test_run ();
}
