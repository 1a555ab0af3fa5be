"""Writes the imported-台账 fixtures: a 20-row Excel 台账 with a merged title row and real date cells,
the same rows as a GB18030 CSV, a broken CSV and a workbook lacking the problem column.
Run from this folder: python3 make_register_fixtures.py (needs openpyxl)."""
import csv
import datetime

import openpyxl

HEADER = ["序号", "问题来源", "存在问题", "自查项", "责任单位", "责任人", "整改措施", "完成时限", "整改进展", "完成情况"]
UNITS = ["区政务服务办", "区发展改革委", "区财政局", "区市场监管局", "区司法局", "区人力社保局", "区住房建设委", "区税务局"]
SOURCES = ["上级督查", "人大审议意见", "企业走访", "自查发现", "12345热线"]
PROBLEMS = [
    "深入推进“放管服”改革的招法还有欠缺", "部分审批事项办理时限压缩不到位", "政务服务事项办事指南要素不全",
    "一网通办事项网上可办率不高", "涉企政策兑现周期较长", "企业开办环节仍需线下提交材料", "工程建设项目审批系统数据共享不畅",
    "中介服务收费标准未公示", "涉企检查计划未统筹", "小微企业贷款审批时间较长", "招标文件设置不合理门槛", "水电气报装时限未公开",
    "好差评差评整改回访不及时", "帮代办服务覆盖不全", "告知承诺制事后核查不到位", "政策解读材料不够通俗", "企业反映的用工问题协调不及时",
    "执法裁量基准未及时更新", "窗口工作人员业务不熟练", "政府采购合同款支付不及时",
]


def rows():
    for number, problem in enumerate(PROBLEMS, start=1):
        deadline = datetime.date(2023, 3, 31) if number % 3 else datetime.date(2023, 6, 30)
        progress = "已制定工作方案" if number % 2 else ""
        done = "已完成" if number % 5 == 0 else "未完成"
        yield [number, SOURCES[number % len(SOURCES)], problem, "R%02d" % (number % 19 + 1), UNITS[number % len(UNITS)],
               "分管副职", "制定整改方案，逐项落实", deadline, progress, done]


def workbook():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "整改台账"
    sheet.append(["东丽区优化营商环境自查问题整改台账"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    for row in rows():
        sheet.append(row)
    for cell in sheet["H"][2:]:
        cell.number_format = "yyyy/m/d"
    book.save("register-20.xlsx")

    missing = openpyxl.Workbook()
    missing.active.append(["东丽区整改台账"])
    missing.active.append(["序号", "问题来源", "自查项", "责任单位"])
    missing.active.append([1, "自查发现", "R02", "区政务服务办"])
    missing.save("register-no-problem-column.xlsx")


def gb18030_csv():
    with open("register-20-gb18030.csv", "w", encoding="gb18030", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["东丽区优化营商环境自查问题整改台账"])
        writer.writerow(HEADER)
        for row in rows():
            row[7] = "%d年%d月%d日" % (row[7].year, row[7].month, row[7].day)
            writer.writerow(row)


def broken_csv():
    with open("register-broken.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerow([1, "自查发现", "审批时限压缩不到位", "R10", "区政务服务办", "张三", "压缩时限", "2023-03-31", "", ""])
        writer.writerow([2, "微信群", "收费不规范", "R08", "区市场监管局", "", "", "", "", ""])
        writer.writerow([3, "自查发现", "", "R10", "区政务服务办", "", "", "", "", ""])
        writer.writerow([4, "上级督查", "检查过多", "R99", "区不存在局", "", "统筹检查", "明年三月", "", ""])


if __name__ == "__main__":
    workbook()
    gb18030_csv()
    broken_csv()
