/* jg-xlsx-values.c — a cell's stored value as the text an import expects
 *
 * See jg-xlsx-private.h. Why each rule:
 * - Excel stores every number, dates included, as a double in <v>; only
 *   the cell's number format (styles.xml) says that 46341 is 2026-11-15.
 *   The formats that mean a date are the built-in ones the spec lists
 *   (14–22, and the East Asian 27–36, 45–47, 50–58: Excel and WPS in
 *   Chinese save "2026年11月15日" as 31) and any custom format whose code
 *   has date or time tokens outside quoted text and [ ] sections.
 * - A numeric cell comes out as what the administrator sees in Excel's
 *   formula bar: 15 significant digits, no exponent. Excel writes the
 *   double's full 17 digits (1500.4999999999998 for a computed 1500.5).
 * - Strings escape what XML cannot hold as _xHHHH_ (a carriage return is
 *   _x000D_, since XML turns a raw CR LF into LF), and escape a literal
 *   "_xHHHH_" by writing its underscore as _x005F_.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jg-xlsx-private.h"

/* Excel's precision: what its formula bar shows of a double. */
#define SIGNIFICANT_DIGITS 15
#define SECONDS_PER_DAY    86400
/* Days from 1970-01-01 back to each date system's day 0: serial 25569 is
 * 1970-01-01 in the 1900 system (whose day 0 is 1899-12-30 once the
 * phantom 1900-02-29 is past), 24107 in the 1904 system. */
#define EPOCH_1900         25569
#define EPOCH_1904         24107
/* Lotus 1-2-3's bug that Excel keeps: serial 60 is 1900-02-29, a day that
 * never was; serials below it are one day off the 1899-12-30 origin. */
#define PHANTOM_LEAP_DAY   60
/* 9999-12-31, the last day Excel can show. */
#define MAX_SERIAL         2958465
/* "_x0041_" */
#define ESCAPE_LENGTH      7

JgXlsxShows
jg_xlsx_builtin_format_shows (guint id)
{
  switch (id)
    {
    case 14: case 15: case 16: case 17:                       /* m/d/yyyy, d-mmm-yy… */
    case 27: case 28: case 29: case 30: case 31: case 36:     /* yyyy"年"m"月"d"日"… */
    case 50: case 51: case 52: case 53: case 54: case 57: case 58:
      return JG_XLSX_SHOWS_DATE;
    case 22:                                                  /* m/d/yyyy h:mm */
      return JG_XLSX_SHOWS_DATE | JG_XLSX_SHOWS_TIME;
    case 18: case 20: case 32: case 34: case 55:              /* h:mm, h"时"mm"分" */
      return JG_XLSX_SHOWS_TIME;
    case 19: case 21: case 33: case 35: case 45: case 46: case 47: case 56:
      return JG_XLSX_SHOWS_TIME | JG_XLSX_SHOWS_SECONDS;
    default:
      return 0;
    }
}

JgXlsxShows
jg_xlsx_format_code_shows (const char *code)
{
  gboolean date = FALSE, time = FALSE, seconds = FALSE, month = FALSE;
  const char *p = code;

  while (*p != '\0' && *p != ';')
    {
      char c = *p;

      if (c == '"')
        {
          const char *end = strchr (p + 1, '"');
          p = end ? end + 1 : p + strlen (p);
          continue;
        }
      if (c == '\\' || c == '_' || c == '*')
        {
          /* An escaped character, a space as wide as one, a fill. */
          p++;
          if (*p != '\0')
            p = g_utf8_next_char (p);
          continue;
        }
      if (c == '[')
        {
          /* Colours, locales ([$-804]) and conditions, but [h], [mm] and
           * [ss] are elapsed time. */
          const char *end = strchr (p, ']');
          gsize len = end ? (gsize) (end - p - 1) : 0;
          char first = g_ascii_tolower (p[1]);

          if (len > 0 && (first == 'h' || first == 'm' || first == 's'))
            {
              gboolean elapsed = TRUE;
              for (gsize i = 1; i <= len; i++)
                elapsed = elapsed && g_ascii_tolower (p[i]) == first;
              if (elapsed)
                {
                  time = TRUE;
                  seconds = seconds || first == 's';
                }
            }
          p = end ? end + 1 : p + strlen (p);
          continue;
        }
      if (g_ascii_strncasecmp (p, "General", strlen ("General")) == 0)
        {
          p += strlen ("General");
          continue;
        }
      if (g_ascii_strncasecmp (p, "AM/PM", strlen ("AM/PM")) == 0
          || g_ascii_strncasecmp (p, "A/P", strlen ("A/P")) == 0)
        {
          time = TRUE;
          p += g_ascii_strncasecmp (p, "AM/PM", 5) == 0 ? strlen ("AM/PM") : strlen ("A/P");
          continue;
        }
      if (g_str_has_prefix (p, "上午/下午"))
        {
          time = TRUE;
          p += strlen ("上午/下午");
          continue;
        }
      switch (g_ascii_tolower (c))
        {
        case 'e':
          /* 0.00E+00 is scientific; e alone is the era year ([$-404]e/m/d). */
          if (p[1] == '+' || p[1] == '-')
            p++;
          else
            date = TRUE;
          break;
        case 'y': case 'd': case 'g': case 'a':   /* year, day, era, 星期 (aaaa) */
          date = TRUE;
          break;
        case 'h':
          time = TRUE;
          break;
        case 's':
          time = seconds = TRUE;
          break;
        case 'm':
          month = TRUE;
          break;
        default:
          break;
        }
      p = g_utf8_next_char (p);
    }

  /* m is minutes beside h or s (h:mm, mm:ss), else the month. */
  if (month && !time)
    date = TRUE;
  return (date ? JG_XLSX_SHOWS_DATE : 0) | (time ? JG_XLSX_SHOWS_TIME : 0)
         | (seconds ? JG_XLSX_SHOWS_SECONDS : 0);
}

/* The proleptic Gregorian date @days after 1970-01-01 (H. Hinnant's
 * civil_from_days). */
static void
civil_from_days (gint64  days,
                 int    *year,
                 int    *month,
                 int    *day)
{
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;

  *day = (int) (doy - (153 * mp + 2) / 5 + 1);
  *month = (int) (mp < 10 ? mp + 3 : mp - 9);
  *year = (int) (yoe + era * 400 + (*month <= 2));
}

/* "1500.5": @value at Excel's precision, in positional notation. */
static char *
decimal_text (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char digits[SIGNIFICANT_DIGITS + 1];
  GString *text = g_string_new (NULL);
  const char *p;
  gsize n = 0;
  int exponent, point;

  /* "-1.50000000000000e+03": the sign, 15 digits, the exponent. */
  g_ascii_formatd (buf, sizeof buf, "%.14e", value);
  p = buf;
  if (*p == '-')
    p++;
  for (; *p != 'e' && *p != '\0'; p++)
    if (g_ascii_isdigit (*p) && n < SIGNIFICANT_DIGITS)
      digits[n++] = *p;
  exponent = *p == 'e' ? atoi (p + 1) : 0;
  while (n > 1 && digits[n - 1] == '0')
    n--;
  digits[n] = '\0';
  if (n == 1 && digits[0] == '0')
    return g_string_free (g_string_append (text, "0"), FALSE);

  if (buf[0] == '-')
    g_string_append_c (text, '-');
  point = exponent + 1;   /* digits before the decimal point */
  if (point <= 0)
    {
      g_string_append (text, "0.");
      for (int i = 0; i < -point; i++)
        g_string_append_c (text, '0');
      g_string_append (text, digits);
    }
  else if ((gsize) point >= n)
    {
      g_string_append (text, digits);
      for (gsize i = n; i < (gsize) point; i++)
        g_string_append_c (text, '0');
    }
  else
    {
      g_string_append_len (text, digits, point);
      g_string_append_c (text, '.');
      g_string_append (text, digits + point);
    }
  return g_string_free (text, FALSE);
}

static char *
date_text (int         year,
           int         month,
           int         day,
           int         second_of_day,
           JgXlsxShows shows)
{
  int hour = second_of_day / 3600, minute = second_of_day / 60 % 60, second = second_of_day % 60;
  /* Seconds only where the format shows them and they are not zero: a
   * record's date-time is to the minute. */
  gboolean with_seconds = (shows & JG_XLSX_SHOWS_SECONDS) && second != 0;
  GString *text = g_string_new (NULL);

  if (shows & JG_XLSX_SHOWS_DATE)
    g_string_append_printf (text, "%04d-%02d-%02d", year, month, day);
  if (shows & JG_XLSX_SHOWS_TIME)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, "%02d:%02d", hour, minute);
      if (with_seconds)
        g_string_append_printf (text, ":%02d", second);
    }
  return g_string_free (text, FALSE);
}

/* The date and time of day of a serial, to the second; FALSE when Excel
 * shows no date for it (negative, beyond 9999, the 1900 system's day 0). */
static gboolean
serial_date (double   serial,
             gboolean date1904,
             int     *year,
             int     *month,
             int     *day,
             int     *second_of_day)
{
  gint64 seconds, days;

  if (!(serial >= 0 && serial < MAX_SERIAL + 1))
    return FALSE;
  seconds = (gint64) llround (serial * SECONDS_PER_DAY);
  days = seconds / SECONDS_PER_DAY;
  *second_of_day = (int) (seconds % SECONDS_PER_DAY);

  if (date1904)
    civil_from_days (days - EPOCH_1904, year, month, day);
  else if (days == 0)
    return FALSE;
  else if (days == PHANTOM_LEAP_DAY)
    {
      /* Shown as Excel shows it; no real date, so the validator says so. */
      *year = 1900, *month = 2, *day = 29;
    }
  else
    civil_from_days (days - EPOCH_1900 + (days < PHANTOM_LEAP_DAY), year, month, day);
  return *year <= 9999;
}

char *
jg_xlsx_number_text (const char *v,
                     JgXlsxShows shows,
                     gboolean    date1904)
{
  char *end = NULL;
  double value;
  int year, month, day, second_of_day;

  if (v == NULL || *v == '\0')
    return g_strdup ("");
  value = g_ascii_strtod (v, &end);
  if (end == v || *end != '\0' || !isfinite (value))
    return g_strdup (v);
  if (shows != 0 && !(shows & JG_XLSX_SHOWS_DATE) && value >= 0 && value < MAX_SERIAL + 1)
    {
      /* A time of day: the 1900 system's day 0 is no date but a fine time. */
      gint64 seconds = (gint64) llround (value * SECONDS_PER_DAY);
      return date_text (0, 0, 0, (int) (seconds % SECONDS_PER_DAY), shows);
    }
  if (shows != 0 && serial_date (value, date1904, &year, &month, &day, &second_of_day))
    return date_text (year, month, day, second_of_day, shows);
  return decimal_text (value);
}

char *
jg_xlsx_iso_date_text (const char *v)
{
  int year, month, day, hour = 0, minute = 0, second = 0;
  JgXlsxShows shows = JG_XLSX_SHOWS_DATE;

  if (v == NULL || sscanf (v, "%4d-%2d-%2d", &year, &month, &day) != 3)
    return g_strdup (v ? v : "");
  if (strlen (v) > 10 && v[10] == 'T' && sscanf (v + 11, "%2d:%2d:%2d", &hour, &minute, &second) >= 2
      && hour * 3600 + minute * 60 + second != 0)
    shows |= JG_XLSX_SHOWS_TIME | JG_XLSX_SHOWS_SECONDS;
  return date_text (year, month, day, hour * 3600 + minute * 60 + second, shows);
}

/* The value of "_xHHHH_" at @p, or -1. */
static int
escape_at (const char *p)
{
  int value = 0;

  if (p[0] != '_' || p[1] != 'x')
    return -1;
  for (int i = 2; i < 6; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);
      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return p[6] == '_' ? value : -1;
}

void
jg_xlsx_unescape (char *text)
{
  char *in, *out;

  if (text == NULL || (in = strstr (text, "_x")) == NULL)
    return;
  out = in;
  while (*in != '\0')
    {
      int code = escape_at (in);
      gunichar c = code;

      if (code >= 0xD800 && code <= 0xDBFF)
        {
          int low = escape_at (in + ESCAPE_LENGTH);

          if (low >= 0xDC00 && low <= 0xDFFF)
            {
              c = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
              in += ESCAPE_LENGTH;
            }
          else
            code = -1;   /* a lone surrogate is no character: kept as text */
        }
      else if (code >= 0xDC00 && code <= 0xDFFF)
        code = -1;
      if (code <= 0)
        {
          *out++ = *in++;
          continue;
        }
      /* Never longer than the escape: 4 bytes at most for 7 or 14. */
      out += g_unichar_to_utf8 (c, out);
      in += ESCAPE_LENGTH;
    }
  *out = '\0';
}

char *
jg_xlsx_escape (const char *text)
{
  GString *out;
  const char *p;

  if (text == NULL || strstr (text, "_x") == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (p = text; *p != '\0'; p++)
    {
      if (escape_at (p) >= 0)
        g_string_append (out, "_x005F");
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}
