"""The Excel report, written through libxlsxwriter, opened with openpyxl and checked cell by cell."""
import datetime
import subprocess

import openpyxl

from conftest import BINARY, ROOT


def test_the_xlsx_report_has_the_rectification_list_and_all_nineteen_items(tmp_path):
    data = tmp_path / "data"
    subprocess.run([str(BINARY), "sample-data", "--data", str(data),
                    "--survey", str(ROOT / "Surveys" / "annual-2022.yaml")], check=True, capture_output=True, timeout=120)
    output = tmp_path / "report.xlsx"
    result = subprocess.run([str(BINARY), "report", "--format", "xlsx", "-o", str(output), "--db", str(data / "survey.sqlite"),
                             "--review-items", str(ROOT / "Surveys" / "review-items.yaml")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(output)
    # Made from the sample data: every sheet says so in its name.
    assert book.sheetnames == ["整改台账（演示数据）", "自查情况（演示数据）"]
    sheet = book["整改台账（演示数据）"]
    header = [cell.value for cell in sheet[1]]
    assert header == ["序号", "问题来源", "问题描述", "自查项", "反映人数", "占比", "典型意见", "整改类别", "牵头单位", "配合单位", "责任人",
                      "整改措施", "整改时限", "整改进展", "完成时间", "佐证材料", "回访情况", "验收意见", "销号人", "销号日期", "整改状态"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == list(range(1, len(rows) + 1))
    kinds = [row[1][:4] for row in rows]
    assert kinds.count("个案线索") == 27, "the unanswered major problems, 地方保护/指定交易, fee reports, 一刀切 and arrears are cases"
    assert all(row[4] == 1 and row[5] is None for row in rows if row[1].startswith("个案线索")), "number columns hold numbers or nothing"
    # Numbers are numbers, shares are percentages, days are dates.
    concentrated = [row for row in rows if row[1].startswith("集中问题")]
    assert all(isinstance(row[4], int) and isinstance(row[5], float) and 0 < row[5] <= 1 for row in concentrated)
    assert sheet.cell(row=2, column=6).number_format == "0.0%"
    assert isinstance(rows[0][12], datetime.datetime) and sheet.cell(row=2, column=13).number_format == "yyyy-mm-dd"
    assert isinstance(rows[0][14], datetime.datetime) and isinstance(rows[0][19], datetime.datetime)
    # A case's 时限 stays a date and shows the working days it gives.
    case = [index for index, row in enumerate(rows) if row[1].startswith("个案线索")][0]
    assert isinstance(rows[case][12], datetime.datetime)
    assert sheet.cell(row=case + 2, column=13).number_format == 'yyyy-mm-dd"（10个工作日）"'
    # Print setup: A3 landscape, one page wide, the header row on every page, page numbers, a filter.
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 8
    assert "&P" in sheet.oddFooter.center.text and sheet.auto_filter.ref == "A1:U%d" % (len(rows) + 1)
    # fitToWidth 1 is the format's default, so libxlsxwriter leaves it out; fitToHeight 0 means "as many pages as needed".
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    # Each row is as tall as its longest wrapped text (row 1 has two measures and a long progress note);
    # a row left at one line would cut them off on screen and on paper.
    assert all(sheet.row_dimensions[line].height for line in range(2, len(rows) + 2))
    assert sheet.row_dimensions[2].height >= 45 and sheet.row_dimensions[2].height > sheet.row_dimensions[len(rows) + 1].height
    assert sheet.column_dimensions["S"].width >= 10 and sheet.column_dimensions["T"].width >= 12, "销号人 and 销号日期 do not wrap"
    assert kinds.count("集中问题") >= 10
    assert rows[0][3].startswith("R02 ")
    # Row 1 was done before its deadline and signed off after its 回访, with its progress, completion,
    # 回访 and opinion printed.
    assert rows[0][20] == "已销号"
    assert rows[0][18] == "张主任" and rows[0][17] == "经核查整改到位，回访满意，同意销号"
    assert rows[0][16].startswith("回访 63 人，答复 ")
    assert rows[0][14] < rows[0][19], "done on one day, signed off on a later one"
    assert "政策汇编已印发" in rows[0][13] and rows[0][7] == "限期整改"
    statuses = {row[20].split("（")[0] for row in rows}
    assert {"已销号", "已整改", "整改中", "待交办"} <= statuses
    # Row 4 is past its 时限 (and the 27 leads, raised weeks ago, are not yet verified).
    overdue = [index for index, row in enumerate(rows, start=2) if row[20] == "已交办（逾期）"]
    assert len(overdue) == 1 and sum(row[20] == "待核实（逾期）" for row in rows) == 27
    assert sheet.cell(row=overdue[0], column=4).fill.fgColor.rgb.endswith("FDE2E1")
    items = book["自查情况（演示数据）"]
    item_rows = list(items.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in item_rows] == ["R%02d" % n for n in range(1, 20)]
    assert item_rows[0][1] == "组织领导" and item_rows[4][1].endswith("（待核定）")
    assert item_rows[0][6] == 277, "everyone answered the required overall question under R01"
    assert all(0 <= row[7] <= row[6] for row in item_rows)
    assert all(row[8] for row in item_rows), "every item has the supervisors' view"


def test_a_units_assignment_sheet_prints_only_its_rows(tmp_path):
    from conftest import SurveyServer
    server = SurveyServer(demo_roster=0, sample_data=True)
    try:
        server.cli("rectify", "assign", "20", "--unit", "区财政局", "--partner", "区市场监管局", "--measure", "退还违规收费",
                   "--deadline", "2099-06-30", "--category", "立行立改", "--owner", "孙副局长")
        server.cli("rectify", "measure", "20", "--measure", "建立收费公示制度", "--deadline", "2099-09-30")
        expected = [number for number, lead, partners, status in
                    server.query("SELECT number, unit, partners, status FROM rectification_items ORDER BY number")
                    if status != "identified" and (lead == "区市场监管局" or '"区市场监管局"' in (partners or ""))]
        assert 20 in expected
        output = tmp_path / "sheet.xlsx"
        server.cli("rectify", "export", "--unit", "区市场监管局", "-o", str(output))
        book = openpyxl.load_workbook(output)
        sheet = book["交办单"]
        assert sheet["A1"].value == "营商环境问题整改交办单"
        assert sheet["A2"].value.startswith("责任单位：区市场监管局")
        assert [cell.value for cell in sheet[3]][:9] == ["序号", "问题来源", "问题描述", "自查项", "整改类别", "牵头单位", "配合单位", "责任人", "整改措施"]
        rows = list(sheet.iter_rows(min_row=4, values_only=True))
        assert [row[0] for row in rows] == expected
        row20 = [row for row in rows if row[0] == 20][0]
        assert row20[4] == "立行立改" and row20[5] == "区财政局" and row20[6] == "区市场监管局" and row20[7] == "孙副局长"
        assert "1. 退还违规收费（时限 2099-06-30，未完成）" in row20[8] and "2. 建立收费公示制度（时限 2099-09-30，未完成）" in row20[8]
        # Days are dates, as in the report's 台账 (an outside tester found text here).
        columns = [cell.value for cell in sheet[3]]
        assert row20[columns.index("整改时限")] == datetime.datetime(2099, 6, 30)
        raiser = server.query("SELECT supervisor_id FROM rectification_items WHERE number = 20")[0][0]
        assert all(raiser not in str(value) for row in rows for value in row), "who raised a case stays with the office"
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 8
        assert sheet.print_title_rows == "$3:$3"
        html = tmp_path / "sheet.html"
        server.cli("rectify", "export", "--unit", "区市场监管局", "--format", "html", "-o", str(html))
        text = html.read_text(encoding="utf-8")
        assert "@page { size: A4 landscape" in text and "签收人" in text and text.count("<tr>") == len(expected) + 1
        missing = server.cli("rectify", "export", "--unit", "区教育局", "-o", str(tmp_path / "none.xlsx"), check=False)
        assert missing.returncode != 0 and "没有交办给“区教育局”的整改事项" in missing.stderr
    finally:
        server.cleanup()
