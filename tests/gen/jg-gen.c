/* jg-gen.c — synthetic supervision catalogues of any size
 *
 * The JSON here is written by hand rather than built with json-glib: every
 * string comes from the word lists in this file or from numbers, so it is
 * trusted, valid UTF-8 and (bar the escaping json_escape() still does for
 * safety) needs no quoting; and building a JsonNode tree for 200,000 items
 * would take seconds and gigabytes where a buffered writer takes a fraction
 * of a second.  tests/test-gen.c parses the output with json-glib to check it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-gen.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

G_DEFINE_QUARK (jg-gen-error-quark, jg_gen_error)

/* --- code tables (the same as data/demo/code-tables.json; test-gen checks) */

typedef struct {
  const char *table;
  const char *code;
  const char *name;
  int         sort;
} CodeEntry;

static const CodeEntry code_entries[] = {
  { "action_type", "0", "行政检查", 0 },
  { "action_type", "1", "行政处罚", 1 },
  { "action_type", "2", "行政强制", 2 },
  { "action_type", "3", "其他", 3 },
  { "object_type", "1", "企业、个体工商户、农民专业合作社", 0 },
  { "object_type", "2", "自然人", 1 },
  { "object_type", "3", "特种设备", 2 },
  { "object_type", "4", "特定产品（食品）", 3 },
  { "object_type", "5", "三种特殊食品", 4 },
  { "object_type", "6", "药品", 5 },
  { "object_type", "7", "化妆品", 6 },
  { "object_type", "8", "医疗器械", 7 },
  { "object_type", "9", "场地场所", 8 },
  { "object_type", "10", "非企业", 9 },
  { "object_type", "11", "其他", 10 },
  { "check_form", "01", "日常检查", 0 },
  { "check_form", "02", "专项检查", 1 },
  { "check_form", "99", "其他", 2 },
  { "check_category", "01", "现场检查", 0 },
  { "check_category", "02", "非现场检查", 1 },
  { "check_method", "1", "双随机一公开监管", 0 },
  { "check_method", "2", "重点监管", 1 },
  { "check_method", "3", "信用监管", 2 },
  { "check_result", "01", "未发现问题", 0 },
  { "check_result", "02", "责令改正等行政命令", 1 },
  { "check_result", "03", "行政指导", 2 },
  { "check_result", "04", "行政处罚决定", 3 },
  { "check_result", "05", "行政强制决定", 4 },
  { "check_result", "06", "其他具体行政行为", 5 },
  { "penalty_kind", "01", "警告", 0 },
  { "penalty_kind", "02", "罚款", 1 },
  { "penalty_kind", "03", "没收违法所得", 2 },
  { "penalty_kind", "04", "责令停产停业", 3 },
  { "penalty_kind", "05", "暂扣或者吊销许可证、执照", 4 },
  { "penalty_kind", "06", "行政拘留", 5 },
  { "penalty_kind", "07", "其他", 6 },
  { "penalty_kind", "08", "通报批评", 7 },
  { "penalty_kind", "09", "没收非法财物", 8 },
  { "penalty_kind", "10", "降低资质等级", 9 },
  { "penalty_kind", "11", "暂扣许可证件", 10 },
  { "penalty_kind", "12", "限制开展生产经营活动", 11 },
  { "penalty_kind", "13", "限制从业", 12 },
  { "penalty_kind", "14", "责令关闭", 13 },
  { "penalty_procedure", "01", "简易程序", 0 },
  { "penalty_procedure", "02", "一般程序", 1 },
  { "case_source", "01", "行政检查中发现", 0 },
  { "case_source", "02", "检测报告", 1 },
  { "case_source", "03", "社会举报", 2 },
  { "case_source", "04", "上级交办", 3 },
  { "case_source", "05", "下级报请", 4 },
  { "case_source", "06", "部门移送", 5 },
  { "party_nature", "01", "公民", 0 },
  { "party_nature", "02", "法人", 1 },
  { "party_nature", "03", "其他组织", 2 },
  { "doc_type", "001", "统一社会信用代码", 0 },
  { "doc_type", "099", "其他法人或其他组织有效证件", 1 },
  { "doc_type", "111", "居民身份证", 2 },
  { "doc_type", "112", "临时居民身份证", 3 },
  { "doc_type", "113", "户口簿", 4 },
  { "doc_type", "154", "居住证", 5 },
  { "doc_type", "411", "外交护照", 6 },
  { "doc_type", "412", "公务护照", 7 },
  { "doc_type", "413", "因公普通护照", 8 },
  { "doc_type", "414", "普通护照", 9 },
  { "doc_type", "415", "旅行证", 10 },
  { "coercion_kind", "01", "行政强制措施", 0 },
  { "coercion_kind", "02", "行政强制执行", 1 },
  { "coercion_measure", "01", "限制公民人身自由", 0 },
  { "coercion_measure", "02", "查封场所、设施或者财物", 1 },
  { "coercion_measure", "03", "扣押财物", 2 },
  { "coercion_measure", "04", "冻结存款、汇款", 3 },
  { "coercion_measure", "05", "其他行政强制措施", 4 },
  { "coercion_exec", "01", "加处罚款或者滞纳金", 0 },
  { "coercion_exec", "02", "划拨存款、汇款", 1 },
  { "coercion_exec", "03", "拍卖或者依法处理查封、扣押的场所、设施或者财物", 2 },
  { "coercion_exec", "04", "排除妨碍、恢复原状", 3 },
  { "coercion_exec", "05", "代履行", 4 },
  { "coercion_exec", "99", "其他强制执行方式", 5 },
  { "close_method", "1", "自觉履行", 0 },
  { "close_method", "2", "强制执行", 1 },
  { "exec_result", "1", "完全履行", 0 },
  { "exec_result", "2", "不完全履行", 1 },
  { "exec_result", "3", "未履行", 2 },
  { "level", "1", "国家级", 0 },
  { "level", "2", "省级", 1 },
  { "level", "3", "市级", 2 },
  { "level", "4", "县级", 3 },
  { "level", "5", "镇（乡、街道）级", 4 },
  { "item_status", "01", "在用", 0 },
  { "item_status", "02", "取消", 1 },
  { "item_status", "03", "暂停", 2 },
  { "item_status", "99", "其他", 3 },
  { "officer_nature", "01", "公务员", 0 },
  { "officer_nature", "02", "聘任制公务员", 1 },
  { "officer_nature", "03", "事业编制人员", 2 },
  { "officer_nature", "04", "企业人员", 3 },
  { "officer_nature", "05", "执法辅助人员", 4 },
  { "region", "445200", "揭阳市", 0 },
  { "region", "445202", "榕城区", 1 },
  { "region", "445203", "揭东区", 2 },
  { "region", "445222", "揭西县", 3 },
  { "region", "445224", "惠来县", 4 },
  { "region", "445281", "普宁市", 5 },
  { "body_nature", "01", "法定机关", 0 },
  { "body_nature", "02", "授权组织", 1 },
};

/* --- word lists ------------------------------------------------------------ */

static const char * const regions[6] = {
  "445200", "445202", "445203", "445222", "445224", "445281",
};
static const char * const region_prefix[6] = {
  "揭阳市", "揭阳市榕城区", "揭阳市揭东区", "揭西县", "惠来县", "普宁市",
};
static const char * const region_short[6] = {
  "市", "榕城区", "揭东区", "揭西县", "惠来县", "普宁市",
};

/* Department lines: the bureau part of the name, its short form, and the
 * enforcement category (执法类别) of its officers. */
static const char * const dept_lines[][3] = {
  { "市场监督管理局", "市场监管局", "市场监管" }, { "生态环境局", "生态环境局", "生态环境保护" },
  { "应急管理局", "应急管理局", "应急管理" }, { "交通运输局", "交通运输局", "交通运输" },
  { "卫生健康局", "卫生健康局", "卫生健康" }, { "住房和城乡建设局", "住房城乡建设局", "住房城乡建设" },
  { "农业农村局", "农业农村局", "农业农村" }, { "文化广电旅游体育局", "文广旅体局", "文化市场" },
  { "自然资源局", "自然资源局", "自然资源" }, { "人力资源和社会保障局", "人力资源社会保障局", "劳动保障监察" },
  { "水务局", "水务局", "水政监察" }, { "商务局", "商务局", "商务" },
  { "城市管理和综合执法局", "城管执法局", "城市管理综合执法" }, { "教育局", "教育局", "教育" },
  { "医疗保障局", "医疗保障局", "医疗保障" }, { "民政局", "民政局", "民政" },
  { "发展和改革局", "发展改革局", "发展改革" }, { "林业局", "林业局", "林业" },
  { "公安局", "公安局", "治安管理" }, { "司法局", "司法局", "司法行政" },
};
static const char * const cn_ordinal[] = {
  "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
  "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十",
  "二十一", "二十二", "二十三", "二十四", "二十五", "二十六", "二十七", "二十八", "二十九", "三十",
};

/* Common objects, most frequent first (picked with a skew). */
static const char * const industries[] = {
  "食品", "餐饮服务", "药品", "特种设备", "危险化学品", "建筑施工", "道路运输", "医疗机构",
  "食用农产品", "医疗器械", "化妆品", "排污单位", "公共场所", "城镇燃气", "电梯", "农药",
  "烟花爆竹", "物业服务", "房地产开发", "学校", "幼儿园", "养老机构", "娱乐场所", "旅行社",
  "旅游景区", "机动车维修", "出租汽车", "港口", "水路运输", "生活饮用水", "固体废物", "危险废物",
  "建设项目", "河道采砂", "取水", "水土保持", "兽药", "饲料", "种子", "生猪屠宰", "动物诊疗",
  "渔业船舶", "林木采伐", "野生动物", "粮食收购", "加油站", "报废机动车回收", "再生资源回收",
  "广告", "计量器具", "工业产品", "劳动用工", "社会保险", "医疗保障基金", "住房公积金", "防雷装置",
  "测绘", "土地利用", "矿产资源", "锅炉", "压力容器", "起重机械", "非煤矿山", "保健食品",
  "婴幼儿配方乳粉", "互联网上网服务营业场所", "印刷", "出版物发行", "文物保护单位", "高危险性体育项目",
  "民办培训", "殡葬服务", "社会组织", "驾驶员培训", "道路危险货物运输", "网络交易", "预付卡",
};
/* Rare objects: local specialities and protected or toxic goods, whose
 * character pairs (砗磲, 鳄蜥, 铊盐 …) occur in very few rows. */
static const char * const rare_industries[] = {
  "潮汕牛肉丸", "普宁豆酱", "揭西擂茶", "惠来鲍鱼", "榕城乒乓球拍", "揭东竹笋", "砗磲制品",
  "穿山甲鳞片", "麝香", "犀角", "氰化钠", "铊盐", "碲化镉", "钯炭催化剂", "鳄蜥", "翡翠毛料",
  "玳瑁饰品", "沉香木", "蛤蚧", "鲎试剂",
};
static const char * const subjects[] = {
  "生产企业", "经营者", "经营企业", "使用单位", "销售者", "运营单位", "服务机构", "从业人员",
  "个体工商户", "检测机构", "仓储企业", "农民专业合作社", "网络交易平台", "进口商", "代理机构",
};
static const char * const check_actions[] = {
  "监督检查", "现场检查", "日常监督检查", "专项检查", "监督抽查", "抽样检验", "安全检查", "随机抽查",
};
static const char * const check_aspects[] = {
  "许可条件保持情况", "安全管理制度落实情况", "质量安全", "标签标识", "进货查验记录",
  "从业人员资质", "台账记录", "信息公示", "应急预案", "安全生产条件",
};
static const char * const violations[] = {
  "未取得许可擅自从事经营活动", "超出许可范围经营", "未按规定建立进货查验记录", "未按规定公示信息",
  "使用不合格原材料", "进行虚假宣传", "拒绝、阻挠监督检查", "未配备专职安全管理人员", "超标排放污染物",
  "擅自改变用途", "伪造检验检测报告", "未按规定报告事故", "销售过期失效产品", "未按规定办理登记",
  "未按规定开展自行监测", "使用未经检验的设备", "未对从业人员进行培训", "违规储存", "转让、出租许可证",
  "未按规定采取安全防护措施",
};
static const char * const coercion_objects[] = {
  "产品", "原料", "设备", "工具", "场所", "车辆", "船舶", "账簿资料",
};
static const char * const coercion_actions[] = {
  "查封、扣押", "查封", "扣押",
};
static const char * const other_actions[] = {
  "责任约谈", "行政指导", "责令改正", "信用分级分类监管", "约谈告诫", "责令召回",
};
static const char * const laws[] = {
  "《中华人民共和国食品安全法》", "《中华人民共和国安全生产法》", "《中华人民共和国产品质量法》",
  "《中华人民共和国药品管理法》", "《中华人民共和国特种设备安全法》", "《中华人民共和国环境保护法》",
  "《中华人民共和国大气污染防治法》", "《中华人民共和国水污染防治法》", "《中华人民共和国固体废物污染环境防治法》",
  "《中华人民共和国建筑法》", "《中华人民共和国道路运输条例》", "《中华人民共和国消防法》",
  "《中华人民共和国广告法》", "《中华人民共和国价格法》", "《中华人民共和国反不正当竞争法》",
  "《中华人民共和国劳动合同法》", "《中华人民共和国社会保险法》", "《中华人民共和国土地管理法》",
  "《中华人民共和国森林法》", "《中华人民共和国水法》", "《中华人民共和国旅游法》", "《中华人民共和国种子法》",
  "《中华人民共和国动物防疫法》", "《中华人民共和国农产品质量安全法》", "《中华人民共和国计量法》",
  "《中华人民共和国行政处罚法》", "《中华人民共和国行政强制法》", "《医疗器械监督管理条例》",
  "《化妆品监督管理条例》", "《危险化学品安全管理条例》", "《建设工程质量管理条例》",
  "《建设工程安全生产管理条例》", "《城镇燃气管理条例》", "《农药管理条例》", "《兽药管理条例》",
  "《生猪屠宰管理条例》", "《排污许可管理条例》", "《医疗机构管理条例》", "《公共场所卫生管理条例》",
  "《娱乐场所管理条例》", "《劳动保障监察条例》", "《市场主体登记管理条例》", "《烟花爆竹安全管理条例》",
  "《医疗保障基金使用监督管理条例》", "《住房公积金管理条例》",
};
static const char * const provincial_laws[] = {
  "《广东省安全生产条例》", "《广东省环境保护条例》", "《广东省食品生产加工小作坊和食品摊贩管理条例》",
  "《广东省道路运输条例》", "《广东省城乡生活垃圾管理条例》", "《广东省物业管理条例》",
  "《广东省燃气管理条例》", "《广东省水污染防治条例》", "《广东省工资支付条例》",
};
static const char * const forms[4][3] = {
  { "现场检查", "双随机抽查、专项检查", "现场检查、书面检查" },
  { "行政处罚", "行政处罚", "行政处罚" },
  { "行政强制措施", "行政强制措施", "行政强制措施" },
  { "责令改正", "约谈", "信用监管" },
};
static const char * const methods[4] = {
  "双随机一公开监管、重点监管", "立案调查、依法处罚", "查封、扣押", "行政指导、信用监管",
};
static const char * const processes[4] = {
  "制定计划→出示证件→实施检查→制作笔录→反馈结果→依法处理",
  "立案→调查取证→法制审核→告知→决定→送达→执行→结案",
  "批准→通知当事人→告知→听取陈述申辩→制作现场笔录→送达决定书→依法处理",
  "发现问题→调查核实→作出处理→跟踪落实",
};
static const char * const results[4] = {
  "未发现问题的予以记录；发现问题的责令改正，依法处理",
  "依法作出行政处罚决定并公示",
  "依法作出查封、扣押决定，查实后依法处理",
  "作出处理决定并跟踪整改落实",
};
static const char * const frequencies[] = {
  "每年不少于1次", "每半年不少于1次", "每季度不少于1次", "根据风险等级确定",
};
static const char * const proportions[] = { "3%", "5%", "5%", "10%", "20%" };

static const char * const surnames[] = {
  "陈", "陈", "陈", "林", "林", "黄", "黄", "郑", "李", "吴", "蔡", "许", "杨", "张", "刘", "谢",
  "洪", "王", "詹", "曾", "彭", "卢", "方", "孙", "姚", "魏", "丁", "肖", "余", "纪", "邱", "苏",
};
static const char * const given_chars[] = {
  "伟", "俊", "杰", "锐", "斌", "鹏", "晓", "丽", "燕", "婷", "佳", "思", "泽", "楷", "浩", "铭",
  "雅", "琳", "少", "振", "焕", "锦", "秋", "淑", "冰", "瑜", "志", "永", "德", "泉", "妙", "惠",
  "纯", "瑞", "嘉", "宏", "桂", "娟", "奕", "文", "汉", "清", "秀", "彬", "鸿", "昭", "培", "敏",
};

#define N(a) G_N_ELEMENTS (a)

/* --- random numbers: splitmix64, seeded per entity ------------------------- */

typedef struct {
  guint64 s;
} Rng;

static inline guint64
rng_next (Rng *r)
{
  guint64 z = (r->s += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static inline guint
rng_below (Rng *r, guint n)
{
  return (guint) ((rng_next (r) >> 32) * n >> 32);
}

/* Skewed towards small indices: the first entries are the common ones. */
static inline guint
rng_skewed (Rng *r, guint n)
{
  guint a = rng_below (r, n), b = rng_below (r, n);
  return MIN (a, b);
}

static inline gboolean
rng_chance (Rng *r, guint per_mille)
{
  return rng_below (r, 1000) < per_mille;
}

/* Independent streams for each (seed, kind, index). */
enum { STREAM_MAIN = 1, STREAM_SUB, STREAM_IMPL, STREAM_OFFICER, STREAM_DELTA, STREAM_RENAME };

static inline Rng
rng_for (guint32 seed, guint kind, guint64 index)
{
  Rng r = { ((guint64) seed << 32) ^ ((guint64) kind << 56) ^ (index * G_GUINT64_CONSTANT (0xD1B54A32D192ED03)) };
  rng_next (&r);
  return r;
}

/* --- small string builder for names --------------------------------------- */

typedef struct {
  char  s[512];
  gsize n;
} Sb;

static inline void
sb_add (Sb *b, const char *str)
{
  gsize l = strlen (str);
  if (b->n + l >= sizeof b->s)
    l = sizeof b->s - 1 - b->n;
  memcpy (b->s + b->n, str, l);
  b->n += l;
  b->s[b->n] = '\0';
}

static inline void
sb_reset (Sb *b)
{
  b->n = 0;
  b->s[0] = '\0';
}

/* Chinese numeral for 1–999, as in 第一百一十条. */
static void
sb_add_cn_number (Sb *b, guint n)
{
  static const char * const d[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
  guint h = n / 100, t = n / 10 % 10, u = n % 10;

  if (h)
    {
      sb_add (b, d[h]);
      sb_add (b, "百");
      if (t)
        {
          sb_add (b, d[t]);
          sb_add (b, "十");
        }
      else if (u)
        sb_add (b, "零");
    }
  else if (t)
    {
      if (t > 1)
        sb_add (b, d[t]);
      sb_add (b, "十");
    }
  if (u)
    sb_add (b, d[u]);
}

/* --- buffered JSON writer --------------------------------------------------- */

typedef struct {
  FILE    *file;         /* NULL: write to @mem */
  GString *mem;
  char  *buf;
  gsize  len;
  gsize  cap;
  int    err;            /* errno of the first failed write, 0 if none */
} Out;

static void
out_flush (Out *o)
{
  if (o->file == NULL)
    g_string_append_len (o->mem, o->buf, (gssize) o->len);
  else if (o->len > 0 && o->err == 0 && fwrite (o->buf, 1, o->len, o->file) != o->len)
    o->err = errno ? errno : EIO;
  o->len = 0;
}

static inline void
out_raw (Out *o, const char *s, gsize n)
{
  if (G_UNLIKELY (o->len + n > o->cap))
    {
      out_flush (o);
      if (n > o->cap)
        {
          if (o->file == NULL)
            g_string_append_len (o->mem, s, (gssize) n);
          else if (o->err == 0 && fwrite (s, 1, n, o->file) != n)
            o->err = errno ? errno : EIO;
          return;
        }
    }
  memcpy (o->buf + o->len, s, n);
  o->len += n;
}

#define OUT_LIT(o, lit) out_raw ((o), "" lit, sizeof (lit) - 1)

static inline void
out_char (Out *o, char c)
{
  if (G_UNLIKELY (o->len + 1 > o->cap))
    out_flush (o);
  o->buf[o->len++] = c;
}

/* A JSON string.  Our strings never need escaping, but a quote, a backslash
 * or a control character would still come out right. */
static void
out_str (Out *o, const char *s)
{
  const char *p = s;

  out_char (o, '"');
  for (;;)
    {
      const char *q = p;
      while ((guchar) *q >= 0x20 && *q != '"' && *q != '\\')
        q++;
      out_raw (o, p, (gsize) (q - p));
      if (*q == '\0')
        break;
      if (*q == '"' || *q == '\\')
        {
          out_char (o, '\\');
          out_char (o, *q);
        }
      else
        {
          char esc[8];
          g_snprintf (esc, sizeof esc, "\\u%04x", (guint) (guchar) *q);
          out_raw (o, esc, 6);
        }
      p = q + 1;
    }
  out_char (o, '"');
}

static inline void
out_str_or_null (Out *o, const char *s)
{
  if (s == NULL)
    OUT_LIT (o, "null");
  else
    out_str (o, s);
}

static inline void
out_uint (Out *o, guint v)
{
  char tmp[16];
  int n = 0;
  char rev[16];

  do
    {
      rev[n++] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v);
  for (int i = 0; i < n; i++)
    tmp[i] = rev[n - 1 - i];
  out_raw (o, tmp, (gsize) n);
}

/* --- the catalogue layout --------------------------------------------------- */

typedef struct {
  char code[19];
  char name[96];
  char short_name[64];
  guint region;          /* index into regions[] */
  guint number;          /* 1–99 */
} Dept;

typedef struct {
  guint32  seed;
  guint    n_items;
  guint    impl_per_item;
  guint    n_depts;
  Dept    *depts;
} Gen;

/* A main item's theme: what its sub-items are about. */
typedef struct {
  guint    index;        /* j */
  guint    dept;
  guint    number;       /* 1–999 */
  guint    n_subs;       /* 1–12, mostly few */
  guint    action_type;  /* 0–3 */
  const char *industry;
  const char *law;       /* the main legal basis of most of its sub-items */
  char     code[15];
} Main;

static guint
n_depts_for (guint n_items)
{
  return CLAMP (12 + n_items / 3000, 12, 6 * 99);
}

static char
gb32100_check (const char *first17)
{
  static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static const guint w[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
  guint sum = 0;

  /* Kept here rather than calling jg-id-check so the generator stands alone;
   * test-gen checks every department code with jg_credit_code_is_valid(). */
  for (guint i = 0; i < 17; i++)
    sum += (guint) (strchr (alphabet, first17[i]) - alphabet) * w[i];
  return alphabet[(31 - sum % 31) % 31];
}

static char
gb11714_check (const char *body8)
{
  static const guint w[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
  guint sum = 0, c;

  for (guint i = 0; i < 8; i++)
    sum += (guint) (body8[i] - '0') * w[i];
  c = 11 - sum % 11;
  return c == 10 ? 'X' : c == 11 ? '0' : (char) ('0' + c);
}

static void
gen_init (Gen *g, guint n_items, guint impl_per_item, guint32 seed)
{
  g->seed = seed;
  g->n_items = n_items;
  g->impl_per_item = impl_per_item;
  g->n_depts = n_depts_for (n_items);
  g->depts = g_new0 (Dept, g->n_depts);

  for (guint d = 0; d < g->n_depts; d++)
    {
      Dept *dp = &g->depts[d];
      guint line = d / 6, round = line / N (dept_lines);
      const char *bureau = dept_lines[line % N (dept_lines)][0];
      const char *bureau_short = dept_lines[line % N (dept_lines)][1];
      char body8[9];

      dp->region = d % 6;
      dp->number = line + 1;
      /* d ↦ d·7919 + seed is injective modulo 10⁶, so organisation codes are unique. */
      g_snprintf (body8, sizeof body8, "00%06u",
                  (guint) (((guint64) d * 7919 + (guint64) seed * 104729) % 1000000));
      g_snprintf (dp->code, 18, "11%s%s%c", regions[dp->region], body8, gb11714_check (body8));
      dp->code[17] = gb32100_check (dp->code);
      dp->code[18] = '\0';
      if (round == 0)
        {
          g_snprintf (dp->name, sizeof dp->name, "%s%s", region_prefix[dp->region], bureau);
          g_snprintf (dp->short_name, sizeof dp->short_name, "%s%s", region_short[dp->region], bureau_short);
        }
      else
        {
          g_snprintf (dp->name, sizeof dp->name, "%s%s第%s分局", region_prefix[dp->region], bureau,
                      cn_ordinal[MIN (round, N (cn_ordinal)) - 1]);
          g_snprintf (dp->short_name, sizeof dp->short_name, "%s%s%s分局", region_short[dp->region],
                      bureau_short, cn_ordinal[MIN (round, N (cn_ordinal)) - 1]);
        }
    }
}

static void
gen_clear (Gen *g)
{
  g_clear_pointer (&g->depts, g_free);
}

static const char *
pick_industry (Rng *r)
{
  if (rng_chance (r, 15))
    return rare_industries[rng_below (r, N (rare_industries))];
  return industries[rng_skewed (r, N (industries))];
}

/* Main item j: a pure function of (seed, j, number of departments). */
static void
main_for (const Gen *g, guint j, Main *m)
{
  Rng r = rng_for (g->seed, STREAM_MAIN, j);
  guint t = rng_below (&r, 100);

  m->index = j;
  m->dept = j % g->n_depts;
  m->number = j / g->n_depts + 1;
  m->n_subs = 1 + rng_skewed (&r, 12);
  m->action_type = t < 45 ? 0 : t < 85 ? 1 : t < 93 ? 2 : 3;
  m->industry = pick_industry (&r);
  m->law = laws[rng_skewed (&r, N (laws))];
  g_snprintf (m->code, sizeof m->code, "%s%02u%03u000",
              regions[g->depts[m->dept].region], g->depts[m->dept].number, m->number);
}

static void
main_name (const Main *m, Sb *b)
{
  sb_reset (b);
  switch (m->action_type)
    {
    case 0:
      sb_add (b, "对");
      sb_add (b, m->industry);
      sb_add (b, "领域的监督检查");
      break;
    case 1:
      sb_add (b, "对违反");
      sb_add (b, m->industry);
      sb_add (b, "管理规定行为的行政处罚");
      break;
    case 2:
      sb_add (b, "对涉嫌违法的");
      sb_add (b, m->industry);
      sb_add (b, "相关财物的查封、扣押");
      break;
    default:
      sb_add (b, "对");
      sb_add (b, m->industry);
      sb_add (b, "领域的其他监管措施");
      break;
    }
}

/* One sub-item, everything a writer needs. */
typedef struct {
  char        code[15];
  Sb          name;
  Sb          objects;
  Sb          basis;
  Sb          aspect;       /* implementation content */
  guint       action_type;
  const char *form;
  char        level[2];
  const char *status;
  char        effective[11];
  char        cancel[11];   /* "" for none */
  gboolean    random_check; /* share of implementation entries */
} Sub;

static void
sub_name (Rng *r, const Main *m, const char *subject, Sub *s)
{
  sb_reset (&s->name);
  switch (s->action_type)
    {
    case 0:
      sb_add (&s->name, "对");
      sb_add (&s->name, m->industry);
      sb_add (&s->name, subject);
      if (rng_chance (r, 400))
        sb_add (&s->name, check_aspects[rng_below (r, N (check_aspects))]);
      sb_add (&s->name, "的");
      sb_add (&s->name, check_actions[rng_skewed (r, N (check_actions))]);
      break;
    case 1:
      sb_add (&s->name, "对");
      sb_add (&s->name, m->industry);
      sb_add (&s->name, subject);
      sb_add (&s->name, violations[rng_below (r, N (violations))]);
      sb_add (&s->name, "的行政处罚");
      break;
    case 2:
      sb_add (&s->name, "对涉嫌违法的");
      sb_add (&s->name, m->industry);
      sb_add (&s->name, coercion_objects[rng_below (r, N (coercion_objects))]);
      sb_add (&s->name, "的");
      sb_add (&s->name, coercion_actions[rng_below (r, N (coercion_actions))]);
      break;
    default:
      sb_add (&s->name, "对");
      sb_add (&s->name, m->industry);
      sb_add (&s->name, subject);
      sb_add (&s->name, "的");
      sb_add (&s->name, other_actions[rng_below (r, N (other_actions))]);
      break;
    }
}

static void
date_in (Rng *r, guint year_from, guint years, char out[11])
{
  g_snprintf (out, 11, "%04u-%02u-%02u", year_from + rng_below (r, years),
              1 + rng_below (r, 12), 1 + rng_below (r, 28));
}

/* Sub-item @seq (1-based) of main @m, global index @i. */
static void
sub_for (const Gen *g, const Main *m, guint seq, guint i, Sub *s)
{
  Rng r = rng_for (g->seed, STREAM_SUB, i);
  const char *subject = subjects[rng_skewed (&r, N (subjects))];
  guint st;

  g_snprintf (s->code, sizeof s->code, "%.11s%03u", m->code, seq);
  /* Mostly the main item's kind; a few of another kind. */
  s->action_type = rng_chance (&r, 60) ? rng_below (&r, 4) : m->action_type;
  sub_name (&r, m, subject, s);

  sb_reset (&s->objects);
  sb_add (&s->objects, m->industry);
  sb_add (&s->objects, subject);

  sb_reset (&s->basis);
  sb_add (&s->basis, rng_chance (&r, 800) ? m->law : laws[rng_skewed (&r, N (laws))]);
  sb_add (&s->basis, "第");
  sb_add_cn_number (&s->basis, 5 + rng_below (&r, 130));
  sb_add (&s->basis, "条");
  if (rng_chance (&r, 300))
    {
      sb_add (&s->basis, "；");
      sb_add (&s->basis, provincial_laws[rng_below (&r, N (provincial_laws))]);
      sb_add (&s->basis, "第");
      sb_add_cn_number (&s->basis, 3 + rng_below (&r, 60));
      sb_add (&s->basis, "条");
    }

  sb_reset (&s->aspect);
  if (s->action_type == 0)
    {
      sb_add (&s->aspect, "检查");
      sb_add (&s->aspect, s->objects.s);
      sb_add (&s->aspect, check_aspects[rng_below (&r, N (check_aspects))]);
    }
  else
    {
      sb_add (&s->aspect, "依法处理");
      sb_add (&s->aspect, s->objects.s);
      sb_add (&s->aspect, "的违法行为");
    }

  s->form = forms[s->action_type][rng_below (&r, 3)];
  s->level[0] = g->depts[m->dept].region == 0 ? '3' : '4';
  s->level[1] = '\0';
  date_in (&r, 2019, 5, s->effective);
  s->cancel[0] = '\0';
  s->status = "01";
  st = rng_below (&r, 1000);
  if (st < 40)
    {
      s->status = "02";
      date_in (&r, 2024, 3, s->cancel);
    }
  else if (st < 55)
    s->status = "03";
  else if (st < 65)
    date_in (&r, 2024, 2, s->cancel);          /* expired */
  else if (st < 70)
    date_in (&r, 2027, 1, s->effective);       /* not yet effective */
  s->random_check = s->action_type == 0 && rng_chance (&r, 650);
}

static void
write_sub (Out *o, const Gen *g, const Main *m, const Sub *s)
{
  OUT_LIT (o, "{\"code\":\"");
  out_raw (o, s->code, 14);
  OUT_LIT (o, "\",\"main_code\":\"");
  out_raw (o, m->code, 14);
  OUT_LIT (o, "\",\"name\":");
  out_str (o, s->name.s);
  OUT_LIT (o, ",\"department\":\"");
  out_raw (o, g->depts[m->dept].code, 18);
  OUT_LIT (o, "\",\"objects\":");
  out_str (o, s->objects.s);
  OUT_LIT (o, ",\"form\":");
  out_str (o, s->form);
  OUT_LIT (o, ",\"action_type\":\"");
  out_char (o, (char) ('0' + s->action_type));
  OUT_LIT (o, "\",\"legal_basis\":");
  out_str (o, s->basis.s);
  OUT_LIT (o, ",\"method\":");
  out_str (o, methods[s->action_type]);
  OUT_LIT (o, ",\"process\":");
  out_str (o, processes[s->action_type]);
  OUT_LIT (o, ",\"result\":");
  out_str (o, results[s->action_type]);
  OUT_LIT (o, ",\"level\":\"");
  out_raw (o, s->level, 1);
  OUT_LIT (o, "\",\"status\":\"");
  out_raw (o, s->status, 2);
  OUT_LIT (o, "\",\"effective_date\":\"");
  out_raw (o, s->effective, 10);
  if (s->cancel[0] != '\0')
    {
      OUT_LIT (o, "\",\"cancel_date\":\"");
      out_raw (o, s->cancel, 10);
      OUT_LIT (o, "\"}");
    }
  else
    OUT_LIT (o, "\",\"cancel_date\":null}");
}

static void
write_main (Out *o, const Gen *g, const Main *m)
{
  Sb name;

  main_name (m, &name);
  OUT_LIT (o, "{\"code\":\"");
  out_raw (o, m->code, 14);
  OUT_LIT (o, "\",\"name\":");
  out_str (o, name.s);
  OUT_LIT (o, ",\"department\":\"");
  out_raw (o, g->depts[m->dept].code, 18);
  OUT_LIT (o, "\",\"status\":\"01\",\"version\":\"1\"}");
}

/* Implementation entry k of sub-item i (global sequence @seq_no). */
static void
impl_code (const Gen *g, const Main *m, guint k, guint64 seq_no, char out[28], guint *dept_out)
{
  guint home = m->dept;
  guint line = home / 6;
  guint region = (g->depts[home].region + k) % 6;
  guint d = line * 6 + region;

  if (d >= g->n_depts)
    d = home;
  *dept_out = d;
  g_snprintf (out, 28, "%s%c%08" G_GUINT64_FORMAT, g->depts[d].code,
              g->depts[d].region == 0 ? '3' : '4', seq_no % 100000000);
}

static void
write_impl (Out *o, const Gen *g, const Main *m, const Sub *s, guint k, guint64 seq_no)
{
  char code[28];
  guint d;
  const Dept *dp;
  Rng r = rng_for (g->seed, STREAM_IMPL, seq_no);
  gboolean rc = s->random_check && !rng_chance (&r, 50);

  impl_code (g, m, k, seq_no, code, &d);
  dp = &g->depts[d];
  OUT_LIT (o, "{\"code\":\"");
  out_raw (o, code, 27);
  OUT_LIT (o, "\",\"subitem\":\"");
  out_raw (o, s->code, 14);
  OUT_LIT (o, "\",\"region\":\"");
  out_raw (o, regions[dp->region], 6);
  OUT_LIT (o, "\",\"body_name\":");
  out_str (o, dp->name);
  OUT_LIT (o, ",\"body_code\":\"");
  out_raw (o, dp->code, 18);
  OUT_LIT (o, "\",\"body_nature\":\"01\",\"delegated_name\":null,\"delegated_code\":null,\"level\":\"");
  out_char (o, dp->region == 0 ? '3' : '4');
  OUT_LIT (o, "\",\"objects\":");
  out_str (o, s->objects.s);
  OUT_LIT (o, ",\"check_category\":\"");
  out_raw (o, s->action_type == 0 && rng_chance (&r, 80) ? "02" : "01", 2);
  if (rc)
    {
      OUT_LIT (o, "\",\"random_check\":true,\"proportion\":");
      out_str (o, proportions[rng_below (&r, N (proportions))]);
    }
  else
    OUT_LIT (o, "\",\"random_check\":false,\"proportion\":null");
  OUT_LIT (o, ",\"frequency\":");
  out_str_or_null (o, s->action_type == 0 ? frequencies[rng_below (&r, N (frequencies))] : NULL);
  OUT_LIT (o, ",\"content\":");
  out_str (o, s->aspect.s);
  out_char (o, '}');
}

static guint
n_officers_for (guint n_items)
{
  return MAX (60, n_items / 20);
}

static void
write_officer (Out *o, const Gen *g, guint idx)
{
  Rng r = rng_for (g->seed, STREAM_OFFICER, idx);
  const Dept *dp = &g->depts[idx % g->n_depts];
  char buf[64];
  Sb name;
  guint year = rng_chance (&r, 60) ? 2017 + rng_below (&r, 4) : 2021 + rng_below (&r, 5);
  guint month = 1 + rng_below (&r, 12), day = 1 + rng_below (&r, 28);

  sb_reset (&name);
  sb_add (&name, surnames[rng_below (&r, N (surnames))]);
  sb_add (&name, given_chars[rng_below (&r, N (given_chars))]);
  if (rng_chance (&r, 800))
    sb_add (&name, given_chars[rng_below (&r, N (given_chars))]);

  OUT_LIT (o, "{\"id\":\"");
  g_snprintf (buf, sizeof buf, "%s%02u%07u", regions[dp->region], dp->number, idx);
  out_raw (o, buf, strlen (buf));
  OUT_LIT (o, "\",\"name\":");
  out_str (o, name.s);
  OUT_LIT (o, ",\"department\":\"");
  out_raw (o, dp->code, 18);
  g_snprintf (buf, sizeof buf, "\",\"cert_no\":\"%s%u%07u\",\"issuer\":", regions[dp->region], year, idx);
  out_raw (o, buf, strlen (buf));
  out_str (o, "广东省人民政府");
  g_snprintf (buf, sizeof buf, ",\"cert_valid_from\":\"%04u-%02u-%02u\"", year, month, day);
  out_raw (o, buf, strlen (buf));
  g_snprintf (buf, sizeof buf, ",\"cert_valid_to\":\"%04u-%02u-%02u\",\"area\":", year + 5, month, day);
  out_raw (o, buf, strlen (buf));
  out_str (o, region_prefix[dp->region]);
  OUT_LIT (o, ",\"category\":");
  out_str (o, dept_lines[(dp->number - 1) % N (dept_lines)][2]);
  OUT_LIT (o, ",\"nature\":\"");
  out_raw (o, rng_chance (&r, 200) ? "03" : "01", 2);
  OUT_LIT (o, "\",\"region\":\"");
  out_raw (o, regions[dp->region], 6);
  OUT_LIT (o, "\"}");
}

static void
write_codes (Out *o, JgGenCounts *counts)
{
  OUT_LIT (o, "\"codes\":[\n");
  for (guint i = 0; i < N (code_entries); i++)
    {
      const CodeEntry *e = &code_entries[i];
      if (i > 0)
        OUT_LIT (o, ",\n");
      OUT_LIT (o, "{\"table\":");
      out_str (o, e->table);
      OUT_LIT (o, ",\"code\":");
      out_str (o, e->code);
      OUT_LIT (o, ",\"name\":");
      out_str (o, e->name);
      OUT_LIT (o, ",\"sort\":");
      out_uint (o, (guint) e->sort);
      out_char (o, '}');
    }
  OUT_LIT (o, "\n]");
  counts->codes = N (code_entries);
}

static void
write_departments (Out *o, const Gen *g, JgGenCounts *counts)
{
  OUT_LIT (o, "\"departments\":[\n");
  for (guint d = 0; d < g->n_depts; d++)
    {
      const Dept *dp = &g->depts[d];
      if (d > 0)
        OUT_LIT (o, ",\n");
      OUT_LIT (o, "{\"code\":\"");
      out_raw (o, dp->code, 18);
      OUT_LIT (o, "\",\"name\":");
      out_str (o, dp->name);
      OUT_LIT (o, ",\"short_name\":");
      out_str (o, dp->short_name);
      OUT_LIT (o, ",\"region\":\"");
      out_raw (o, regions[dp->region], 6);
      OUT_LIT (o, "\"}");
    }
  OUT_LIT (o, "\n]");
  counts->departments = g->n_depts;
}

/* The number of main items the catalogue of g->n_items needs. */
static gboolean
count_mains (const Gen *g, guint *n_mains, GError **error)
{
  guint total = 0, j = 0;

  while (total < g->n_items)
    {
      Main m;
      main_for (g, j, &m);
      if (m.number > 999)
        {
          g_set_error (error, JG_GEN_ERROR, JG_GEN_ERROR_TOO_LARGE,
                       "%u items do not fit the code layout", g->n_items);
          return FALSE;
        }
      total += m.n_subs;
      j++;
    }
  *n_mains = j;
  return TRUE;
}

static FILE *
open_out (const char *path, Out *o, GError **error)
{
  FILE *f = g_fopen (path, "wb");

  if (f == NULL)
    {
      int e = errno;
      g_set_error (error, JG_GEN_ERROR, JG_GEN_ERROR_WRITE, "Cannot write %s: %s", path, g_strerror (e));
      return NULL;
    }
  o->file = f;
  o->mem = NULL;
  o->cap = 1 << 20;
  o->buf = g_malloc (o->cap);
  o->len = 0;
  o->err = 0;
  return f;
}

static gboolean
close_out (const char *path, Out *o, GError **error)
{
  out_flush (o);
  if (fclose (o->file) != 0 && o->err == 0)
    o->err = errno ? errno : EIO;
  g_free (o->buf);
  if (o->err != 0)
    {
      g_set_error (error, JG_GEN_ERROR, JG_GEN_ERROR_WRITE, "Cannot write %s: %s", path, g_strerror (o->err));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_args (guint n_items, guint impl_per_item, GError **error)
{
  if (n_items > JG_GEN_MAX_ITEMS)
    {
      g_set_error (error, JG_GEN_ERROR, JG_GEN_ERROR_TOO_LARGE,
                   "At most %u items, not %u", JG_GEN_MAX_ITEMS, n_items);
      return FALSE;
    }
  if (impl_per_item < 1 || impl_per_item > 100)
    {
      g_set_error (error, JG_GEN_ERROR, JG_GEN_ERROR_INVALID,
                   "impl_per_item must be 1–100, not %u", impl_per_item);
      return FALSE;
    }
  /* Implementation codes end in an 8-digit sequence (with room for a delta). */
  if ((guint64) n_items * impl_per_item >= 90000000)
    {
      g_set_error (error, JG_GEN_ERROR, JG_GEN_ERROR_TOO_LARGE,
                   "%u × %u implementation entries are too many", n_items, impl_per_item);
      return FALSE;
    }
  return TRUE;
}

gboolean
jg_gen_write_catalogue (const char  *path,
                        guint        n_items,
                        guint        impl_per_item,
                        guint32      seed,
                        JgGenCounts *counts,
                        GError     **error)
{
  Gen g;
  Out o = { 0 };
  JgGenCounts c = { 0 };
  guint n_mains;
  guint i;
  Sub *s;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_args (n_items, impl_per_item, error))
    return FALSE;
  gen_init (&g, n_items, impl_per_item, seed);
  if (!count_mains (&g, &n_mains, error))
    {
      gen_clear (&g);
      return FALSE;
    }
  if (open_out (path, &o, error) == NULL)
    {
      gen_clear (&g);
      return FALSE;
    }

  OUT_LIT (&o, "{\"format\":\"jianguan-catalogue/1\",\n");
  write_codes (&o, &c);
  OUT_LIT (&o, ",\n");
  write_departments (&o, &g, &c);

  OUT_LIT (&o, ",\n\"items\":[\n");
  for (guint j = 0; j < n_mains; j++)
    {
      Main m;
      main_for (&g, j, &m);
      if (j > 0)
        OUT_LIT (&o, ",\n");
      write_main (&o, &g, &m);
    }
  OUT_LIT (&o, "\n]");
  c.items = n_mains;

  /* Sub-items, then a second pass for their implementation entries (the
   * file keeps each array in one piece). */
  s = g_new (Sub, 1);
  OUT_LIT (&o, ",\n\"subitems\":[\n");
  i = 0;
  for (guint j = 0; j < n_mains && i < n_items; j++)
    {
      Main m;
      main_for (&g, j, &m);
      for (guint seq = 1; seq <= m.n_subs && i < n_items; seq++, i++)
        {
          sub_for (&g, &m, seq, i, s);
          if (i > 0)
            OUT_LIT (&o, ",\n");
          write_sub (&o, &g, &m, s);
        }
    }
  OUT_LIT (&o, "\n]");
  c.sub_items = i;

  OUT_LIT (&o, ",\n\"implementations\":[\n");
  i = 0;
  for (guint j = 0; j < n_mains && i < n_items; j++)
    {
      Main m;
      main_for (&g, j, &m);
      for (guint seq = 1; seq <= m.n_subs && i < n_items; seq++, i++)
        {
          sub_for (&g, &m, seq, i, s);
          for (guint k = 0; k < impl_per_item; k++)
            {
              if (i > 0 || k > 0)
                OUT_LIT (&o, ",\n");
              write_impl (&o, &g, &m, s, k, (guint64) i * impl_per_item + k);
            }
        }
    }
  OUT_LIT (&o, "\n]");
  c.implementations = n_items * impl_per_item;
  g_free (s);

  OUT_LIT (&o, ",\n\"officers\":[\n");
  c.officers = n_officers_for (n_items);
  for (guint k = 0; k < c.officers; k++)
    {
      if (k > 0)
        OUT_LIT (&o, ",\n");
      write_officer (&o, &g, k);
    }
  OUT_LIT (&o, "\n]}\n");

  gen_clear (&g);
  if (!close_out (path, &o, error))
    return FALSE;
  if (counts != NULL)
    *counts = c;
  return TRUE;
}

char *
jg_gen_subitem_code (guint   n_items,
                     guint32 seed,
                     guint   index)
{
  Gen g;
  guint i = 0;
  char *result = NULL;

  if (index >= n_items || n_items > JG_GEN_MAX_ITEMS)
    return NULL;
  gen_init (&g, n_items, 1, seed);
  for (guint j = 0; result == NULL; j++)
    {
      Main m;
      main_for (&g, j, &m);
      if (index < i + m.n_subs)
        result = g_strdup_printf ("%.11s%03u", m.code, index - i + 1);
      i += m.n_subs;
    }
  gen_clear (&g);
  return result;
}

/* --- delta files ------------------------------------------------------------- */

enum { CHANGE_NONE, CHANGE_RENAME, CHANGE_CANCEL, CHANGE_DELETE };

typedef struct {
  guint index;   /* global sub-item index */
  guint main;    /* j of its main item */
  guint seq;     /* 1-based within the main item */
} Deleted;

gboolean
jg_gen_write_delta (const char  *path,
                    guint        n_changes,
                    guint        base_items,
                    guint        impl_per_item,
                    guint32      seed,
                    JgGenCounts *counts,
                    GError     **error)
{
  Gen g;
  Out o = { 0 };
  JgGenCounts c = { 0 };
  guint n_mains, n_rename, n_cancel, n_delete, n_new, n_new_mains;
  guint8 *change;
  Rng r;
  Sub *s;
  guint i;
  gboolean first;
  GArray *deleted;            /* Deleted: the sub-items to delete */
  guint64 impl_seq;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_args (base_items, impl_per_item, error))
    return FALSE;

  n_rename = n_changes * 4 / 10;
  n_cancel = n_changes * 2 / 10;
  n_delete = n_changes / 10;
  n_new = n_changes - n_rename - n_cancel - n_delete;
  if (base_items == 0 || (guint64) n_rename + n_cancel + n_delete > base_items ||
      (guint64) (base_items + n_new) * impl_per_item >= 100000000)
    {
      g_set_error (error, JG_GEN_ERROR, JG_GEN_ERROR_INVALID,
                   "%u changes are too many for a base of %u items", n_changes, base_items);
      return FALSE;
    }

  gen_init (&g, base_items, impl_per_item, seed);
  if (!count_mains (&g, &n_mains, error))
    {
      gen_clear (&g);
      return FALSE;
    }

  /* Pick distinct base sub-items to rename, cancel and delete. */
  change = g_malloc0 (MAX (base_items, 1));
  r = rng_for (seed, STREAM_DELTA, 0);
  {
    guint want[4] = { 0, n_rename, n_cancel, n_delete };
    for (guint kind = CHANGE_RENAME; kind <= CHANGE_DELETE; kind++)
      for (guint k = 0; k < want[kind]; )
        {
          guint idx = rng_below (&r, base_items);
          if (change[idx] == CHANGE_NONE)
            {
              change[idx] = (guint8) kind;
              k++;
            }
        }
  }

  if (open_out (path, &o, error) == NULL)
    {
      g_free (change);
      gen_clear (&g);
      return FALSE;
    }

  /* New sub-items: half under existing main items (after their last
   * sub-item), half under new main items. */
  n_new_mains = (n_new / 2 + 3) / 4;     /* n_new / 2 of them, 4 to a main item */
  OUT_LIT (&o, "{\"format\":\"jianguan-catalogue/1\",\n\"items\":[\n");
  for (guint k = 0; k < n_new_mains; k++)
    {
      Main m;
      main_for (&g, n_mains + k, &m);
      if (m.number > 999)
        {
          g_set_error (error, JG_GEN_ERROR, JG_GEN_ERROR_TOO_LARGE, "no room for new main items");
          close_out (path, &o, NULL);
          g_free (change);
          gen_clear (&g);
          return FALSE;
        }
      if (k > 0)
        OUT_LIT (&o, ",\n");
      write_main (&o, &g, &m);
    }
  OUT_LIT (&o, "\n]");
  c.items = n_new_mains;

  s = g_new (Sub, 1);
  deleted = g_array_new (FALSE, FALSE, sizeof (Deleted));
  OUT_LIT (&o, ",\n\"subitems\":[\n");
  first = TRUE;
  i = 0;
  for (guint j = 0; j < n_mains && i < base_items; j++)
    {
      Main m;
      main_for (&g, j, &m);
      for (guint seq = 1; seq <= m.n_subs && i < base_items; seq++, i++)
        {
          if (change[i] == CHANGE_NONE)
            continue;
          if (change[i] == CHANGE_DELETE)
            {
              Deleted del = { i, j, seq };
              g_array_append_val (deleted, del);
              continue;
            }
          sub_for (&g, &m, seq, i, s);
          if (change[i] == CHANGE_RENAME)
            {
              Rng rr = rng_for (seed, STREAM_RENAME, i);
              Sb old = s->name;
              /* A new name of the same kind; never the old one. */
              do
                sub_name (&rr, &m, subjects[rng_skewed (&rr, N (subjects))], s);
              while (strcmp (old.s, s->name.s) == 0);
              c.modified++;
            }
          else
            {
              s->status = "02";
              g_snprintf (s->cancel, sizeof s->cancel, "2026-%02u-%02u",
                          1 + rng_below (&r, 6), 1 + rng_below (&r, 28));
              if (strcmp (s->effective, s->cancel) > 0)
                memcpy (s->effective, "2023-01-01", 11);
              c.cancelled++;
            }
          if (!first)
            OUT_LIT (&o, ",\n");
          first = FALSE;
          write_sub (&o, &g, &m, s);
        }
    }

  /* New ones; global indices continue after the base so their content and
   * implementation codes are new too. */
  impl_seq = (guint64) base_items * impl_per_item;
  {
    guint under_existing = n_new - n_new / 2;
    GHashTable *extra = g_hash_table_new (NULL, NULL);    /* main j → sub-items added */
    GString *impls = g_string_new (NULL);
    Out io = { 0 };

    /* Implementation entries go to memory, written after the sub-items. */
    io.mem = impls;
    io.cap = 1 << 16;
    io.buf = g_malloc (io.cap);

    for (guint k = 0; k < n_new; k++)
      {
        Main m;
        guint seq;
        guint idx = base_items + k;

        if (k < under_existing && n_mains > 0)
          {
            guint j = rng_below (&r, n_mains);
            guint added = GPOINTER_TO_UINT (g_hash_table_lookup (extra, GUINT_TO_POINTER (j)));
            main_for (&g, j, &m);
            if (m.n_subs + added >= 999)
              continue;
            g_hash_table_insert (extra, GUINT_TO_POINTER (j), GUINT_TO_POINTER (added + 1));
            seq = m.n_subs + added + 1;
          }
        else
          {
            guint nk = k - MIN (k, under_existing);
            main_for (&g, n_mains + nk / 4, &m);
            seq = nk % 4 + 1;
          }
        sub_for (&g, &m, seq, idx, s);
        if (!first)
          OUT_LIT (&o, ",\n");
        first = FALSE;
        write_sub (&o, &g, &m, s);
        c.added++;

        for (guint q = 0; q < impl_per_item; q++)
          {
            if (c.implementations > 0)
              OUT_LIT (&io, ",\n");
            write_impl (&io, &g, &m, s, q, impl_seq++);
            c.implementations++;
          }
      }
    out_flush (&io);
    g_free (io.buf);
    OUT_LIT (&o, "\n]");
    c.sub_items = c.modified + c.cancelled + c.added;

    OUT_LIT (&o, ",\n\"implementations\":[\n");
    out_raw (&o, impls->str, impls->len);
    OUT_LIT (&o, "\n]");
    g_string_free (impls, TRUE);
    g_hash_table_unref (extra);
  }

  OUT_LIT (&o, ",\n\"deletions\":[\n");
  for (guint k = 0; k < deleted->len; k++)
    {
      const Deleted *del = &g_array_index (deleted, Deleted, k);
      guint idx = del->index, seq = del->seq;
      Main m;

      main_for (&g, del->main, &m);
      if (k > 0)
        OUT_LIT (&o, ",\n");
      OUT_LIT (&o, "{\"type\":\"subitem\",\"key\":\"");
      {
        char code[15];
        g_snprintf (code, sizeof code, "%.11s%03u", m.code, seq);
        out_raw (&o, code, 14);
      }
      OUT_LIT (&o, "\"}");
      for (guint q = 0; q < impl_per_item; q++)
        {
          char code[28];
          guint d;
          impl_code (&g, &m, q, (guint64) idx * impl_per_item + q, code, &d);
          OUT_LIT (&o, ",\n{\"type\":\"implementation\",\"key\":\"");
          out_raw (&o, code, 27);
          OUT_LIT (&o, "\"}");
        }
      c.deleted++;
    }
  OUT_LIT (&o, "\n]}\n");

  g_array_unref (deleted);
  g_free (s);
  g_free (change);
  gen_clear (&g);
  if (!close_out (path, &o, error))
    return FALSE;
  if (counts != NULL)
    *counts = c;
  return TRUE;
}
