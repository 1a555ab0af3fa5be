import CXlsxWriter
import Foundation
import SurveyCore

/// Writes the rectification list and the per-item self-inspection as an Excel workbook, through
/// libxlsxwriter (Debian's libxlsxwriter-dev).
public enum XLSXReport {
    /// The 台账 columns that hold days.
    static let dateColumns: Set = ["整改时限", "完成时间", "销号日期"]

    /// Writes `data` to `path`. Throws with libxlsxwriter's message when the file cannot be written.
    public static func write(_ data: ReportData, to path: String, at now: Date) throws {
        guard let workbook = workbook_new(path) else { throw XLSXError(message: "无法创建文件 \(path)") }
        let (header, _) = XLSXFormats.tableFormats(workbook)
        let plain = CellFormats(workbook, highlight: nil)
        let overdue = CellFormats(workbook, highlight: 0xFDE2E1)

        // Sample data says so in every sheet's name and printed header.
        let demo = data.demo ? "（演示数据）" : ""
        let list = workbook_add_worksheet(workbook, "整改台账" + demo)
        // 21 columns: A3 landscape keeps the text readable at one page wide.
        XLSXFormats.printLandscape(list, repeatingRows: 0, paper: 8, title: "整改台账" + demo)
        worksheet_autofilter(list, 0, 0, lxw_row_t(data.rows.count), lxw_col_t(ReportRenderer.columns.count - 1))
        // 序号 … 典型意见, 整改类别 … 责任人, 整改措施 … 佐证材料, 回访情况 … 整改状态.
        let widths: [Double] = [6, 22, 36, 20, 9, 8, 36, 10, 16, 16, 10, 40, 12, 40, 12, 30, 26, 20, 10, 12, 16]
        for (column, width) in widths.enumerated() {
            worksheet_set_column(list, lxw_col_t(column), lxw_col_t(column), width, nil)
        }
        for (column, title) in ReportRenderer.columns.enumerated() {
            worksheet_write_string(list, 0, lxw_col_t(column), title, header)
        }
        let numberColumns: Set = ["序号", "反映人数"]
        let dateColumns = Self.dateColumns
        for (index, row) in data.rows.enumerated() {
            let formats = row.isOverdue(at: now) ? overdue : plain
            let line = lxw_row_t(index + 1)
            let cells = ReportRenderer.cells(row, at: now)
            XLSXFormats.fitRow(list, line, values: cells, widths: widths)
            for (column, (title, value)) in zip(ReportRenderer.columns, cells).enumerated() {
                let col = lxw_col_t(column)
                if numberColumns.contains(title), let number = Double(value.prefix { $0.isNumber }) {
                    worksheet_write_number(list, line, col, number, formats.number)
                } else if title == "占比", row.kind == .concentrated {
                    worksheet_write_number(list, line, col, row.share, formats.percent)
                } else if dateColumns.contains(title), let (parsed, days) = XLSXFormats.deadline(value) {
                    var date = parsed
                    worksheet_write_datetime(list, line, col, &date, formats.date(workingDays: days))
                } else if value == "—" && (numberColumns.contains(title) || dateColumns.contains(title) || title == "占比") {
                    // A number or date column holds numbers and dates only: nothing to write is a blank cell.
                    worksheet_write_blank(list, line, col, formats.text)
                } else {
                    worksheet_write_string(list, line, col, UntrustedText.forSpreadsheet(value), formats.text)
                }
            }
        }
        worksheet_freeze_panes(list, 1, 1)

        let items = workbook_add_worksheet(workbook, "自查情况" + demo)
        XLSXFormats.printLandscape(items, repeatingRows: 0, paper: 9, title: "自查情况" + demo)
        let itemColumns = ["编号", "自查项", "自查内容", "牵头单位", "工作开展情况", "自查结论", "作答人数", "反映问题人数", "监督员意见"]
        let itemWidths: [Double] = [8, 20, 44, 22, 44, 10, 10, 12, 40]
        for (column, width) in itemWidths.enumerated() {
            worksheet_set_column(items, lxw_col_t(column), lxw_col_t(column), width, nil)
        }
        for (column, title) in itemColumns.enumerated() {
            worksheet_write_string(items, 0, lxw_col_t(column), title, header)
        }
        for (index, section) in data.sections.enumerated() {
            let line = lxw_row_t(index + 1)
            let entry = data.selfChecks[section.item.id]
            let texts = [
                section.item.id, section.item.shownTitle, section.item.checks, section.item.shownLeadUnit, entry?.text ?? "【待填写：工作开展情况】",
                entry?.conclusion?.rawValue ?? "【待填写：自查结论】",
            ]
            let view = data.conclusion(section, at: now)
            XLSXFormats.fitRow(items, line, values: texts + ["", "", view], widths: itemWidths)
            for (column, text) in texts.enumerated() {
                worksheet_write_string(items, line, lxw_col_t(column), UntrustedText.forSpreadsheet(text), plain.text)
            }
            worksheet_write_number(items, line, 6, Double(section.asked), plain.number)
            worksheet_write_number(items, line, 7, Double(section.raised), plain.number)
            worksheet_write_string(items, line, 8, view, plain.text)
        }
        worksheet_freeze_panes(items, 1, 2)

        let result = workbook_close(workbook)
        guard result == LXW_NO_ERROR else {
            throw XLSXError(message: "写入 \(path) 失败：\(String(cString: lxw_strerror(result)))")
        }
    }
}

/// The body-cell formats of one kind of row: text, whole numbers, percentages, days.
final class CellFormats {
    let text: UnsafeMutablePointer<lxw_format>
    let number: UnsafeMutablePointer<lxw_format>
    let percent: UnsafeMutablePointer<lxw_format>
    let date: UnsafeMutablePointer<lxw_format>
    /// Days shown with the working days their 时限 gave (`2026-12-21（10个工作日）`), by that number.
    private var deadlines: [Int: UnsafeMutablePointer<lxw_format>] = [:]
    private let make: (String?) -> UnsafeMutablePointer<lxw_format>

    /// `highlight` is a background colour (overdue rows), or nil.
    init(_ workbook: UnsafeMutablePointer<lxw_workbook>, highlight: UInt32?) {
        func make(_ numberFormat: String?) -> UnsafeMutablePointer<lxw_format> {
            let format = workbook_add_format(workbook)!
            format_set_border(format, UInt8(LXW_BORDER_THIN.rawValue))
            format_set_text_wrap(format)
            format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
            format_set_font_name(format, "宋体")
            if let numberFormat { format_set_num_format(format, numberFormat) }
            if let highlight { format_set_bg_color(format, highlight) }
            return format
        }
        text = make(nil)
        number = make("0")
        percent = make("0.0%")
        date = make("yyyy-mm-dd")
        self.make = make
    }

    /// The format of a day cell: a 时限 keeps its working days beside the date, which stays a date.
    func date(workingDays: Int?) -> UnsafeMutablePointer<lxw_format> {
        guard let days = workingDays else { return date }
        if let format = deadlines[days] { return format }
        let format = make("yyyy-mm-dd\"（\(days)个工作日）\"")
        deadlines[days] = format
        return format
    }
}

/// The formats every table of ours shares.
enum XLSXFormats {
    /// A bold grey header cell and a bordered, wrapped, top-aligned body cell.
    static func tableFormats(_ workbook: UnsafeMutablePointer<lxw_workbook>) -> (
        header: UnsafeMutablePointer<lxw_format>, cell: UnsafeMutablePointer<lxw_format>
    ) {
        let header = workbook_add_format(workbook)!
        format_set_bold(header)
        format_set_font_name(header, "黑体")
        format_set_align(header, UInt8(LXW_ALIGN_CENTER.rawValue))
        format_set_border(header, UInt8(LXW_BORDER_THIN.rawValue))
        format_set_bg_color(header, 0xD9D9D9)
        format_set_text_wrap(header)
        let cell = workbook_add_format(workbook)!
        format_set_border(cell, UInt8(LXW_BORDER_THIN.rawValue))
        format_set_text_wrap(cell)
        format_set_align(cell, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        return (header, cell)
    }

    /// Landscape on `paper` (9: A4, 8: A3), one page wide, `repeatingRows` printed atop every page,
    /// narrow margins, the sheet's title in the header and `第 N 页，共 M 页` in the footer.
    static func printLandscape(_ worksheet: UnsafeMutablePointer<lxw_worksheet>?, repeatingRows row: Int, paper: UInt8, title: String) {
        worksheet_set_landscape(worksheet)
        worksheet_set_paper(worksheet, paper)
        worksheet_set_header(worksheet, "&C&\"宋体,加粗\"&14\(title)")
        worksheet_set_footer(worksheet, "&C第 &P 页，共 &N 页")
        worksheet_fit_to_pages(worksheet, 1, 0)
        worksheet_repeat_rows(worksheet, lxw_row_t(row), lxw_row_t(row))
        worksheet_set_margins(worksheet, 0.4, 0.4, 0.6, 0.6)
    }

    /// Sets the height of row `line` to hold `values` wrapped in columns of `widths` (Excel character
    /// units, a CJK character taking two): neither Excel nor LibreOffice fits a written row to its
    /// text, and a row left at one line cuts the rest off on screen and on paper. At most 27 lines:
    /// Excel's rows stop at 409 points.
    static func fitRow(_ worksheet: UnsafeMutablePointer<lxw_worksheet>?, _ line: lxw_row_t, values: [String], widths: [Double]) {
        let lines = zip(values, widths).map { value, width in
            let capacity = max(1, width - 1)
            return value.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { total, text in
                let units = text.unicodeScalars.reduce(0.0) { $0 + ($1.value < 0x2E80 ? 1 : 2) }
                return total + max(1, Int((units / capacity).rounded(.up)))
            }
        }
        worksheet_set_row(worksheet, line, Double(min(lines.max() ?? 1, 27)) * 15, nil)
    }

    /// A day as the 台账 prints it, `yyyy-MM-dd` or `yyyy-MM-dd（N个工作日）`, as an Excel date and the
    /// working days; nil for anything else.
    static func deadline(_ text: String) -> (lxw_datetime, Int?)? {
        guard let date = datetime(String(text.prefix(10))) else { return nil }
        let rest = text.dropFirst(10)
        if rest.isEmpty { return (date, nil) }
        guard rest.hasPrefix("（"), rest.hasSuffix("个工作日）"), let days = Int(rest.dropFirst().dropLast(5)) else { return nil }
        return (date, days)
    }

    /// A `yyyy-MM-dd` day as an Excel date, or nil for anything else.
    static func datetime(_ text: String) -> lxw_datetime? {
        guard Day.parse(text) != nil else { return nil }
        let parts = text.split(separator: "-").compactMap { Int32($0) }
        return lxw_datetime(year: parts[0], month: parts[1], day: parts[2], hour: 0, min: 0, sec: 0)
    }
}

/// A workbook that could not be written.
public struct XLSXError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
