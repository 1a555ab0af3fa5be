import CXlsxWriter
import Foundation
import SurveyCore

/// Writes the rectification list and the per-item self-inspection as an Excel workbook, through
/// libxlsxwriter (Debian's libxlsxwriter-dev).
public enum XLSXReport {
    /// Writes `data` to `path`. Throws with libxlsxwriter's message when the file cannot be written.
    public static func write(_ data: ReportData, to path: String, at now: Date) throws {
        guard let workbook = workbook_new(path) else { throw XLSXError(message: "无法创建文件 \(path)") }
        let (header, cell) = XLSXFormats.tableFormats(workbook)
        let overdue = workbook_add_format(workbook)
        format_set_border(overdue, UInt8(LXW_BORDER_THIN.rawValue))
        format_set_text_wrap(overdue)
        format_set_bg_color(overdue, 0xFDE2E1)

        let list = workbook_add_worksheet(workbook, "整改清单")
        // 序号 … 典型意见, 整改类别 … 责任人, 整改措施 … 佐证材料, 回访情况 … 整改状态.
        let widths: [Double] = [6, 22, 36, 20, 10, 8, 36, 10, 16, 16, 10, 40, 12, 40, 12, 30, 26, 20, 10, 12, 14]
        for (column, width) in widths.enumerated() {
            worksheet_set_column(list, lxw_col_t(column), lxw_col_t(column), width, nil)
        }
        for (column, title) in ReportRenderer.columns.enumerated() {
            worksheet_write_string(list, 0, lxw_col_t(column), title, header)
        }
        for (index, row) in data.rows.enumerated() {
            let format = row.isOverdue(at: now) ? overdue : cell
            let line = lxw_row_t(index + 1)
            for (column, value) in ReportRenderer.cells(row, at: now).enumerated() {
                if column == 0 {
                    worksheet_write_number(list, line, 0, Double(row.number), format)
                } else {
                    worksheet_write_string(list, line, lxw_col_t(column), UntrustedText.forSpreadsheet(value), format)
                }
            }
        }
        worksheet_freeze_panes(list, 1, 0)

        let items = workbook_add_worksheet(workbook, "自查情况")
        let itemColumns = ["编号", "自查项", "自查内容", "牵头单位", "作答人数", "反映问题人数", "结论"]
        for (column, width) in [8.0, 18, 48, 24, 10, 12, 48].enumerated() {
            worksheet_set_column(items, lxw_col_t(column), lxw_col_t(column), width, nil)
        }
        for (column, title) in itemColumns.enumerated() {
            worksheet_write_string(items, 0, lxw_col_t(column), title, header)
        }
        for (index, section) in data.sections.enumerated() {
            let line = lxw_row_t(index + 1)
            let texts = [section.item.id, section.item.title, section.item.checks, section.item.leadUnit]
            for (column, text) in texts.enumerated() { worksheet_write_string(items, line, lxw_col_t(column), UntrustedText.forSpreadsheet(text), cell) }
            worksheet_write_number(items, line, 4, Double(section.asked), cell)
            worksheet_write_number(items, line, 5, Double(section.raised), cell)
            worksheet_write_string(items, line, 6, data.conclusion(section, at: now), cell)
        }
        worksheet_freeze_panes(items, 1, 0)

        let result = workbook_close(workbook)
        guard result == LXW_NO_ERROR else {
            throw XLSXError(message: "写入 \(path) 失败：\(String(cString: lxw_strerror(result)))")
        }
    }
}

/// The formats every table of ours shares.
enum XLSXFormats {
    /// A bold grey header cell and a bordered, wrapped, top-aligned body cell.
    static func tableFormats(_ workbook: UnsafeMutablePointer<lxw_workbook>) -> (header: UnsafeMutablePointer<lxw_format>, cell: UnsafeMutablePointer<lxw_format>) {
        let header = workbook_add_format(workbook)!
        format_set_bold(header)
        format_set_border(header, UInt8(LXW_BORDER_THIN.rawValue))
        format_set_bg_color(header, 0xD9D9D9)
        format_set_text_wrap(header)
        let cell = workbook_add_format(workbook)!
        format_set_border(cell, UInt8(LXW_BORDER_THIN.rawValue))
        format_set_text_wrap(cell)
        format_set_align(cell, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        return (header, cell)
    }
}

/// A workbook that could not be written.
public struct XLSXError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
