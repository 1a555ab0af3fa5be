"""The Word report: opened with python-docx, converted to PDF by LibreOffice, rendered to PNG for a
person to look at (artifacts/), and its text read back with pdftotext."""
import re
import subprocess
import zipfile

import docx

from conftest import ARTIFACTS, BINARY, ROOT


def test_the_docx_report_has_its_sections_the_ledger_and_page_numbers(tmp_path):
    data = tmp_path / "data"
    subprocess.run([str(BINARY), "sample-data", "--data", str(data), "--survey", str(ROOT / "Surveys" / "annual-2022.yaml")],
                   check=True, capture_output=True, timeout=120)
    output = tmp_path / "report.docx"
    result = subprocess.run([str(BINARY), "report", "--format", "docx", "-o", str(output), "--db", str(data / "survey.sqlite"),
                             "--review-items", str(ROOT / "Surveys" / "review-items.yaml"),
                             "--recipient", "区优化营商环境工作联席会议办公室", "--issuer", "区政务服务办"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr

    document = docx.Document(str(output))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0].startswith("演示数据："), "made from the sample data, and says so above the title"
    assert texts[1] == "区政务服务办\n关于2022年度优化营商环境\n工作情况的自查报告", "the title names the issuer and period, in whole-word lines"
    assert "区优化营商环境工作联席会议办公室：" in texts, "--recipient overrides the office file's 主送"
    for heading in ("一、基本情况", "二、逐项自查情况", "三、存在的主要问题及原因分析", "四、整改落实情况", "五、下一步打算", "附件", "整改台账"):
        assert heading in texts, heading
    items = [text for text in texts if re.match(r"（[一二三四五六七八九十]+）\S", text)]
    assert len(items) == 19, "one heading per review item"
    assert sum(1 for text in items if text.endswith("（待核定）")) == 15, "items not in the seed are marked"
    assert "区政务服务办" in texts and any(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", text) for text in texts), "落款 and 成文日期"

    # Two sections: the report in A4 portrait, the ledger in A4 landscape with its header row repeated.
    portrait, landscape = document.sections
    assert abs(portrait.page_width.mm - 210) < 1 and abs(portrait.page_height.mm - 297) < 1
    assert landscape.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE and abs(landscape.page_width.mm - 297) < 1
    # The annex: the problems in one table, the leads still being verified (not problems yet) in
    # another; item names, not internal codes; 反映人数 and 占比 as the other formats have them.
    ledger, leads = document.tables
    assert [cell.text for cell in ledger.rows[0].cells] == ["序号", "问题来源", "问题描述", "所属自查项", "反映人数", "占比", "责任单位",
                                                            "整改措施", "整改时限", "整改进展", "完成及验收", "整改状态"]
    assert [cell.text for cell in leads.rows[0].cells] == ["序号", "线索来源", "线索内容", "所属自查项", "核实单位", "核实情况", "状态"]
    assert "待核实线索" in texts
    # The styles carry the 公文 formatting, so a paragraph the clerk adds looks right.
    assert document.styles["Normal"].paragraph_format.first_line_indent is not None
    assert document.styles["Heading 1"].font.name == "黑体"
    assert len(ledger.rows) + len(leads.rows) == 2 + 41
    assert ledger.rows[0]._tr.trPr.xpath("./w:tblHeader"), "the header row repeats on every page"
    numbers = [int(row.cells[0].text) for table in (ledger, leads) for row in table.rows[1:]]
    assert sorted(numbers) == list(range(1, 42)), "every row of the 台账, by its own 序号"
    first = ledger.rows[1].cells
    assert (first[4].text, first[5].text) == ("63/168", "37.5%"), [cell.text for cell in first]
    assert first[3].text.startswith("制定实施政策措施"), first[3].text
    cells = [cell.text for table in (ledger, leads) for row in table.rows for cell in row.cells]
    assert not any(re.search(r"R\d\d", text) for text in cells), "no internal item codes"
    # The annex reads as a table: its cells single-spaced and not indented (not the body's 公文
    # settings), rows free to continue on the next page; and the 主送 line is flush left.
    assert document.styles["Table Text"].paragraph_format.first_line_indent == 0
    assert all(cell.paragraphs[0].style.name == "Table Text" for table in (ledger, leads) for row in table.rows for cell in row.cells)
    assert not any(row._tr.xpath("./w:trPr/w:cantSplit") for row in ledger.rows[1:])
    (recipient,) = [paragraph for paragraph in document.paragraphs if paragraph.text == "区优化营商环境工作联席会议办公室："]
    assert recipient.paragraph_format.first_line_indent == 0
    with zipfile.ZipFile(output) as package:
        footer = package.read("word/footer1.xml").decode("utf-8")
        even = package.read("word/footer2.xml").decode("utf-8")
        settings = package.read("word/settings.xml").decode("utf-8")
    assert "PAGE" in footer and "fldChar" in footer
    # GB/T 9704: odd page numbers on the right, even ones on the left, each one character in.
    assert "evenAndOddHeaders" in settings and 'w:jc w:val="right"' in footer and 'w:jc w:val="left"' in even and "PAGE" in even
    assert all(section.even_page_footer.paragraphs[0].text for section in document.sections)

    # LibreOffice renders it; the pages are there in Chinese.
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(output)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "report.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int([line for line in info.splitlines() if line.startswith("Pages:")][0].split()[1])
    assert 8 <= pages <= 40, pages
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "优化营商环境工作" in text and "整改台账" in text and "惠企政策宣传不到位" in text and "（待核定）" in text
    # The annex's 41 rows on at most five landscape pages (33 took 21 pages when cells inherited the
    # body's 28 pt lines and indent, and 41 took 11 with all 18 columns), with its headings whole.
    sheets = [page for page in text.split("\f") if page.strip()]
    annex = [index for index, page in enumerate(sheets) if "序号" in page and "问题描述" in page]
    assert annex and len(sheets) - annex[0] <= 5, (len(sheets), annex)
    annex_text = "\f".join(sheets[annex[0]:])
    assert not re.search(r"R\d\d", annex_text), "no internal item codes in the annex"
    # No date is broken over two lines: every year-and-dash goes on to its month and day.
    broken = [match.group(0) for match in re.finditer(r"\b20\d\d-(?!\d\d-\d\d)\S*", annex_text)]
    assert not broken, broken
    numbers = [int(match.group(1)) for match in (re.fullmatch(r"—\s*(\d+)\s*—", line.strip()) for line in text.splitlines()) if match]
    assert numbers == list(range(1, pages + 1)), "every page numbered in the footer, continuing into the annex"
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(ARTIFACTS / "report-docx-first")], check=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(pages), "-l", str(pages), str(pdf), str(ARTIFACTS / "report-docx-last")],
                   check=True)
