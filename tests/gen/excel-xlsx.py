#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Workbooks shaped as Excel and WPS write them, for the import's tests.

Excel does not write what our export writes: it types cells. A date is a
number (a serial in the workbook's date system) whose style names a date
format; text goes to the shared strings, often as rich text runs with
phonetic guides; a carriage return is escaped as _x000D_; booleans and
formula results have their own cell types. This module writes such files
with zipfile, part by part as Excel lays them out.

    python3 tests/gen/excel-xlsx.py tests/data

writes the checked-in samples tests/data/excel-1900.xlsx and
excel-1904.xlsx (the same cells in both date systems, so that they show the
same dates); tests/test-xlsx.c reads them. tests/cli/test-cli-transfer.py
imports this module to build an importable file with the demo's codes.
"""
import datetime
import os
import sys
import zipfile
from xml.sax.saxutils import escape

# Cell styles (the s="" of a cell): index into cellXfs below.
GENERAL, DATE, DATE_CN, DATETIME, TEXT, DATETIME_CUSTOM, AMOUNT, RED_NUMBER = range(8)

STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"><numFmts count="3"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@"/><numFmt numFmtId="177" formatCode="yyyy/m/d\\ h:mm;@"/><numFmt numFmtId="178" formatCode="[Red]0.00_);[Red]\\(0.00\\)"/></numFmts><fonts count="2"><font><sz val="11"/><color theme="1"/><name val="等线"/><family val="2"/><charset val="134"/><scheme val="minor"/></font><font><b/><sz val="11"/><color rgb="FFFF0000"/><name val="等线"/><family val="3"/><charset val="134"/><scheme val="minor"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"><alignment vertical="center"/></xf></cellStyleXfs><cellXfs count="8"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"><alignment vertical="center"/></xf><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="center"/></xf><xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="center"/></xf><xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="center"/></xf><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="center"/></xf><xf numFmtId="177" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="center"/></xf><xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="center"/></xf><xf numFmtId="178" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="center"/></xf></cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles><dxfs count="1"><dxf><numFmt numFmtId="179" formatCode="yyyy-mm-dd"/></dxf></dxfs><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>"""


class Rich:
    """A shared string of rich text runs: [(text, bold)], with a phonetic guide."""
    def __init__(self, *runs, phonetic=None):
        self.runs = runs
        self.phonetic = phonetic


class Number:
    """A numeric cell: @value as Excel stores it (a str, e.g. "1500.4999999999998"), styled."""
    def __init__(self, value, style=GENERAL):
        self.value = str(value)
        self.style = style


class Date:
    """A date (and time) typed into a cell: stored as the serial of the date system."""
    def __init__(self, when, style=DATE):
        self.when = when
        self.style = style


class Bool:
    def __init__(self, value):
        self.value = value


class Formula:
    """A formula whose cached result is text (t="str")."""
    def __init__(self, formula, result):
        self.formula = formula
        self.result = result


class Inline:
    """An inline string (t="inlineStr"), as WPS and other tools write some cells."""
    def __init__(self, text):
        self.text = text


def xstring(text):
    """ECMA-376 ST_Xstring: _xHHHH_ for what XML cannot hold, _x005F_ before literal escapes."""
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        tail = text[i:i + 7]
        if (c == "_" and len(tail) == 7 and tail[1] == "x" and tail[6] == "_"
                and all(h in "0123456789abcdefABCDEF" for h in tail[2:6])):
            out.append("_x005F_")
        elif c == "\r" or (ord(c) < 0x20 and c not in "\t\n"):
            out.append("_x%04X_" % ord(c))
        else:
            out.append(escape(c))
        i += 1
    return "".join(out)


def t_element(text):
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return "<t%s>%s</t>" % (space, xstring(text))


def serial(when, date1904):
    origin = datetime.datetime(1904, 1, 1) if date1904 else datetime.datetime(1899, 12, 30)
    if not isinstance(when, datetime.datetime):
        when = datetime.datetime(when.year, when.month, when.day)
    delta = when - origin
    value = delta.days + delta.seconds / 86400
    return repr(value) if value != int(value) else str(int(value))


def column_name(index):
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def write_workbook(path, rows, date1904=False, sheet_name="行政检查"):
    shared, shared_index, count = [], {}, 0

    def share(item):
        nonlocal count
        count += 1
        key = item if isinstance(item, str) else id(item)
        if key not in shared_index:
            shared_index[key] = len(shared)
            shared.append(item)
        return shared_index[key]

    sheet_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = "%s%d" % (column_name(c), r)
            if value is None or value == "":
                continue
            if isinstance(value, (str, Rich)):
                cells.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, share(value)))
            elif isinstance(value, Number):
                style = ' s="%d"' % value.style if value.style else ""
                cells.append('<c r="%s"%s><v>%s</v></c>' % (ref, style, value.value))
            elif isinstance(value, Date):
                cells.append('<c r="%s" s="%d"><v>%s</v></c>'
                             % (ref, value.style, serial(value.when, date1904)))
            elif isinstance(value, Bool):
                cells.append('<c r="%s" t="b"><v>%d</v></c>' % (ref, 1 if value.value else 0))
            elif isinstance(value, Formula):
                cells.append('<c r="%s" t="str"><f>%s</f><v>%s</v></c>'
                             % (ref, escape(value.formula), xstring(value.result)))
            elif isinstance(value, Inline):
                cells.append('<c r="%s" t="inlineStr"><is>%s</is></c>' % (ref, t_element(value.text)))
            else:
                raise TypeError(value)
        sheet_rows.append('<row r="%d" spans="1:%d" x14ac:dyDescent="0.2">%s</row>'
                          % (r, max(len(row), 1), "".join(cells)))
    last = "%s%d" % (column_name(max(len(r) for r in rows) - 1), len(rows))

    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
             'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" '
             'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
             '<dimension ref="A1:%s"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
             '<sheetFormatPr defaultRowHeight="14.25" x14ac:dyDescent="0.2"/>'
             '<sheetData>%s</sheetData>'
             '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
             '<pageSetup paperSize="9" orientation="portrait"/></worksheet>') % (last, "".join(sheet_rows))

    items = []
    for item in shared:
        if isinstance(item, Rich):
            runs = "".join('<r><rPr>%s<sz val="11"/><rFont val="等线"/><charset val="134"/></rPr>%s</r>'
                           % ("<b/>" if bold else "", t_element(text)) for text, bold in item.runs)
            if item.phonetic:
                runs += ('<rPh sb="0" eb="1"><t>%s</t></rPh><phoneticPr fontId="1" type="noConversion"/>'
                         % escape(item.phonetic))
            items.append("<si>%s</si>" % runs)
        else:
            items.append("<si>%s</si>" % t_element(item))
    strings = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
               '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" '
               'uniqueCount="%d">%s</sst>') % (count, len(shared), "".join(items))

    workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27425"/>'
                '<workbookPr %sdefaultThemeVersion="166925"/>'
                '<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews>'
                '<sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets>'
                '<calcPr calcId="191029"/></workbook>') % ('date1904="1" ' if date1904 else "", escape(sheet_name))
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/>'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            '</Relationships>')
    content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                     '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                     '<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
                     '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                     '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                     '</Types>')
    root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                 '</Relationships>')
    theme = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
             '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office 主题"/>')

    parts = [("[Content_Types].xml", content_types), ("_rels/.rels", root_rels),
             ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", rels),
             ("xl/worksheets/sheet1.xml", sheet), ("xl/theme/theme1.xml", theme),
             ("xl/styles.xml", STYLES), ("xl/sharedStrings.xml", strings)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


# The samples' rows: a label, then the cell as Excel stores it. What the
# import must read from each is in tests/test-xlsx.c (samples[]), in the
# same order.
def sample_rows():
    day = datetime.date(2026, 11, 15)
    return [
        ["样例", "单元格"],
        ["富文本", Rich(("揭阳市", True), ("某某 ", False), ("公司", False), phonetic="ジエヤン")],
        ["换行", "第一行\r\n第二行\n第三行"],
        ["转义本身", "_x000D_ 与 _x005F_"],
        ["日期", Date(day)],
        ["中文日期", Date(day, DATE_CN)],
        ["日期时间", Date(datetime.datetime(2026, 11, 15, 14, 30), DATETIME)],
        ["零点", Date(day, DATETIME_CUSTOM)],
        ["整数", Number("1")],
        ["小数", Number("1500.4999999999998")],
        ["指数", Number("1.5E3")],
        ["浮点", Number("0.30000000000000004")],
        ["金额", Number("1200", AMOUNT)],
        ["红色", Number("-12.5", RED_NUMBER)],
        ["文本格式数字", Number("1", TEXT)],
        ["布尔", Bool(True)],
        ["公式", Formula('A2&"=SUM(A1)"', "结果\r\n=SUM(A1)")],
        ["内联", Inline("𠀀内联 ")],
        ["公式样文本", "=SUM(A1)"],
    ]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    write_workbook(os.path.join(out, "excel-1900.xlsx"), sample_rows())
    write_workbook(os.path.join(out, "excel-1904.xlsx"), sample_rows(), date1904=True)


if __name__ == "__main__":
    main()
