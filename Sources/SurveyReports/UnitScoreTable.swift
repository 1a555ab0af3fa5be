import CXlsxWriter
import Foundation
import SurveyCore

/// The units' 考核 table (`survey units scores`) as Markdown, CSV or a workbook.
public enum UnitScoreTable {
    /// The table's columns.
    public static let columns = ["责任单位", "交办", "按期办结", "逾期办结", "逾期未办结", "在办未到期", "按期办结率", "平均办结工作日", "回访满意率", "催办次数"]

    /// A unit's cells: rates as the report gives them, "—" where there is nothing to count.
    public static func cells(_ score: UnitScore) -> [String] {
        let average = score.timedRows == 0 ? "—" : String(format: "%.1f", Double(score.workingDays) / Double(score.timedRows))
        return [
            score.unit, "\(score.handed)", "\(score.onTime)", "\(score.late)", "\(score.overdue)", "\(score.open)",
            ReportRenderer.rate(score.onTime, of: score.due), average, ReportRenderer.rate(score.followUpSatisfied, of: score.followUpAnswers),
            "\(score.urges)",
        ]
    }

    /// One sentence for the report's 四: each unit's rows and its 按期办结率.
    static func sentence(_ scores: [UnitScore]) -> String? {
        guard !scores.isEmpty else { return nil }
        return "各责任单位办理情况："
            + scores.map { score in
                var parts = ["交办\(score.handed)项", "按期办结\(score.onTime)项"]
                if score.late > 0 { parts.append("逾期办结\(score.late)项") }
                if score.overdue > 0 { parts.append("逾期未办结\(score.overdue)项") }
                if score.urges > 0 { parts.append("催办\(score.urges)次") }
                return score.unit + parts.joined(separator: "、") + "，按期办结率\(ReportRenderer.rate(score.onTime, of: score.due))"
            }.joined(separator: "；") + "。"
    }
    public static func markdown(_ scores: [UnitScore], title: String) -> String {
        var lines = ["# \(title)", "", "| " + columns.joined(separator: " | ") + " |", "|" + String(repeating: " --- |", count: columns.count)]
        lines += scores.map { "| " + cells($0).map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" }
        if scores.isEmpty { lines.append("（尚无交办给责任单位的事项）") }
        lines += ["", "按期办结率 = 按期办结 ÷（按期办结 + 逾期办结 + 逾期未办结）；平均办结工作日自交办日起按节假日安排计算；回访满意率为满意和基本满意占答复人次的比例。"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The table as CSV, as the report's 台账 is written.
    public static func csv(_ scores: [UnitScore]) -> String {
        ReportRenderer.csv([columns] + scores.map(cells))
    }

    public static func xlsx(_ scores: [UnitScore], title: String, to path: String) throws {
        guard let workbook = workbook_new(path) else { throw XLSXError(message: "无法创建文件 \(path)") }
        let (header, cell) = XLSXFormats.tableFormats(workbook)
        let worksheet = workbook_add_worksheet(workbook, "考核")
        XLSXFormats.printLandscape(worksheet, repeatingRows: 1, paper: 9, title: title)
        let widths: [Double] = [20, 8, 10, 10, 11, 11, 12, 14, 12, 10]
        for (column, width) in widths.enumerated() { worksheet_set_column(worksheet, lxw_col_t(column), lxw_col_t(column), width, nil) }
        let last = lxw_col_t(columns.count - 1)
        worksheet_merge_range(worksheet, 0, 0, 0, last, UntrustedText.forSpreadsheet(title), header)
        for (column, name) in columns.enumerated() { worksheet_write_string(worksheet, 1, lxw_col_t(column), name, header) }
        for (index, score) in scores.enumerated() {
            let line = lxw_row_t(index + 2)
            for (column, value) in cells(score).enumerated() {
                if column > 0, let number = Double(value) {
                    worksheet_write_number(worksheet, line, lxw_col_t(column), number, cell)
                } else {
                    worksheet_write_string(worksheet, line, lxw_col_t(column), UntrustedText.forSpreadsheet(value), cell)
                }
            }
        }
        let result = workbook_close(workbook)
        guard result == LXW_NO_ERROR else { throw XLSXError(message: "写入 \(path) 失败：\(String(cString: lxw_strerror(result)))") }
    }
}
