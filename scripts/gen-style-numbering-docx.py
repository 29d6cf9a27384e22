#!/usr/bin/env python3
"""Writes the .docx fixtures for Word's style numbering (issue 16.2) from Word's own default
template, as python-docx ships it, and next to each the text Word displays (typed numbers), so
the importer test can check that both import to the same items.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install python-docx
    /tmp/venv/bin/python scripts/gen-style-numbering-docx.py

Output (committed, so CI needs no Python), in tests/fixtures/import/:
  word-list-number.docx / .txt   headings typed in 标题 1 (Heading 1); items in 编号列表 (List
                                 Number), numbered by the style alone and counting on from one
                                 part to the next, as Word shows them (1–4, 5–8, 9–11)
  word-list-restart.docx / .txt  the same, each part's list restarted at 1 the way Word's
                                 “重新开始于 1” does it (a new w:num with w:startOverride, set on
                                 the paragraphs); the plans' list also redefines its level
                                 (w:lvlOverride/w:lvl) as （1）（2）
  word-heading-list.docx / .txt  a multilevel list tied to the styles: 标题 1 is level 1 (一、,
                                 linked by w:lvl/w:pStyle, no w:ilvl on the style) and List
                                 Number level 2 (1., set by w:ilvl on the style), so the items
                                 restart under each heading
"""

import copy
import os
import zipfile

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "import")

TITLE = "2025年度机关第二党支部抓基层党建工作述职报告"
INTRO = "2025年，我担任机关第二党支部书记，在机关党委的领导下，认真履行抓党建第一责任人职责，带领支部党员较好完成了各项任务。现将有关情况报告如下："
PARTS = [
    ("主要工作情况", [
        "抓理论学习。坚持“第一议题”制度，全年组织集体学习14次，开展专题研讨4次。",
        "抓组织建设。按期完成支部换届，召开支部党员大会4次、支委会12次。",
        "抓作风建设。开展“提能力、优服务”活动，梳理办事流程11项。",
        "推进问题整改情况。针对上年度指出的“党建与业务结合不紧”问题，建立党建业务同部署机制，已整改到位。",
    ]),
    ("存在问题及原因", [
        "学习深度不够。集体学习以读文件为主，交流研讨不够深入。以上问题的原因主要是：对学习效果要求不高。",
        "组织生活质量不高。主题党日形式单一，对年轻党员吸引力不强。以上问题的原因主要是：创新意识不够。",
        "党员管理不够精细。对流动党员联系不够经常。以上问题的原因主要是：日常督促不够。",
        "服务意识有待增强。少数党员服务群众主动性不够。以上问题的原因主要是：宗旨意识教育抓得不经常。",
    ]),
    ("下步打算", [
        "深化理论学习。推行“学习＋研讨＋实践”模式。",
        "提升组织生活质量。每季度开展一次主题实践活动。",
        "加强党员管理。建立流动党员联系台账。",
    ]),
]
CLOSING = "特此报告，请予评议。"
CHINESE = "一二三四五六七八九十"


def num_pr(num_id, ilvl=None):
    ilvl_xml = "" if ilvl is None else f'<w:ilvl w:val="{ilvl}"/>'
    return parse_xml(f"<w:numPr {nsdecls('w')}>{ilvl_xml}<w:numId w:val=\"{num_id}\"/></w:numPr>")


def set_numbering(paragraph, num_id, ilvl=None):
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(num_pr(num_id, ilvl))


def style_element(doc, style_id):
    for s in doc.styles.element.findall(qn("w:style")):
        if s.get(qn("w:styleId")) == style_id:
            return s
    raise KeyError(style_id)


def next_ids(numbering):
    abstracts = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    nums = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    return max(abstracts) + 1, max(nums) + 1


def add_num(numbering, abstract_id, num_id, overrides=""):
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'))


def list_number_num(doc):
    """The numId and abstractNumId the template's List Number style uses."""
    num_id = style_element(doc, "ListNumber").find(qn("w:pPr")).find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val"))
    numbering = doc.part.numbering_part.element
    for n in numbering.findall(qn("w:num")):
        if n.get(qn("w:numId")) == num_id:
            return num_id, n.find(qn("w:abstractNumId")).get(qn("w:val"))
    raise KeyError(num_id)


def write_text(name, lines):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def save(doc, name):
    path = os.path.join(OUT, name)
    doc.save(path)
    # Fixed timestamps and order, so a rerun gives the same bytes.
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for filename, data in entries:
            info = zipfile.ZipInfo(filename, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def list_number(restart):
    doc = Document()
    doc.add_heading(TITLE, level=0)
    doc.add_paragraph(INTRO)
    numbering = doc.part.numbering_part.element
    _, abstract_id = list_number_num(doc)
    text = [TITLE, INTRO]
    counter = 0
    for part_no, (heading, items) in enumerate(PARTS):
        heading_text = f"{CHINESE[part_no]}、{heading}"
        doc.add_heading(heading_text, level=1)
        text.append(heading_text)
        restart_num = None
        plans = part_no == len(PARTS) - 1
        if restart:
            _, restart_num = next_ids(numbering)
            overrides = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
            if plans:
                # A full redefinition of the level: （1）（2）.
                overrides = (
                    '<w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                    '<w:lvlText w:val="（%1）"/><w:lvlJc w:val="left"/></w:lvl></w:lvlOverride>'
                )
            add_num(numbering, abstract_id, restart_num, overrides)
            counter = 0
        for item in items:
            p = doc.add_paragraph(item, style="List Number")
            if restart_num is not None:
                set_numbering(p, restart_num)
            counter += 1
            label = f"（{counter}）" if restart and plans else f"{counter}."
            text.append(label + item)
    doc.add_paragraph(CLOSING)
    text.append(CLOSING)
    name = "word-list-restart" if restart else "word-list-number"
    save(doc, name + ".docx")
    write_text(name + ".txt", text)


def heading_list():
    doc = Document()
    doc.add_heading(TITLE, level=0)
    doc.add_paragraph(INTRO)
    numbering = doc.part.numbering_part.element
    abstract_id, num_id = next_ids(numbering)
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Heading1"/>'
        '<w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="ListNumber"/>'
        '<w:lvlText w:val="%2."/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'
    )
    # abstractNum elements come before every num in numbering.xml.
    first_num = numbering.find(qn("w:num"))
    first_num.addprevious(abstract)
    add_num(numbering, abstract_id, num_id)
    heading1 = style_element(doc, "Heading1").get_or_add_pPr()
    heading1.insert(0, num_pr(num_id))
    list_ppr = style_element(doc, "ListNumber").find(qn("w:pPr"))
    list_ppr.remove(list_ppr.find(qn("w:numPr")))
    list_ppr.insert(0, num_pr(num_id, 1))
    text = [TITLE, INTRO]
    for part_no, (heading, items) in enumerate(PARTS):
        doc.add_heading(heading, level=1)
        text.append(f"{CHINESE[part_no]}、{heading}")
        for n, item in enumerate(items, start=1):
            doc.add_paragraph(item, style="List Number")
            text.append(f"{n}.{item}")
    doc.add_paragraph(CLOSING)
    text.append(CLOSING)
    save(doc, "word-heading-list.docx")
    write_text("word-heading-list.txt", text)


if __name__ == "__main__":
    list_number(restart=False)
    list_number(restart=True)
    heading_list()
    print("written: tests/fixtures/import/word-*.docx, word-*.txt")
