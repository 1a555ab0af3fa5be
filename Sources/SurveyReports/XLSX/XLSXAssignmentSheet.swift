import CXlsxWriter
import Foundation
import SurveyCore

/// Writes a unit's 交办单 as a workbook set up to print: A3 landscape, one page wide, the header
/// row repeated on every page.
public enum XLSXAssignmentSheet {
    public static func write(_ sheet: AssignmentSheet, to path: String, at now: Date) throws {
        guard let workbook = workbook_new(path) else { throw XLSXError(message: "无法创建文件 \(path)") }
        let (header, cell) = XLSXFormats.tableFormats(workbook)
        let title = workbook_add_format(workbook)
        format_set_bold(title)
        format_set_font_size(title, 16)
        format_set_align(title, UInt8(LXW_ALIGN_CENTER.rawValue))
        let worksheet = workbook_add_worksheet(workbook, "交办单")
        XLSXFormats.printLandscape(worksheet, repeatingRows: 2, paper: 8, title: "整改交办单")
        let widths: [Double] = [6, 22, 36, 20, 10, 16, 16, 10, 40, 12, 40, 12, 30, 26, 20, 10, 12, 14]
        for (column, width) in widths.enumerated() { worksheet_set_column(worksheet, lxw_col_t(column), lxw_col_t(column), width, nil) }
        let last = lxw_col_t(AssignmentSheet.columns.count - 1)
        worksheet_merge_range(worksheet, 0, 0, 0, last, sheet.title, title)
        let meta = "责任单位：\(sheet.unit)　　交办单位：\(sheet.office)　　导出日期：\(Day.string(now))　　共 \(sheet.rows.count) 项"
        worksheet_merge_range(worksheet, 1, 0, 1, last, UntrustedText.forSpreadsheet(meta), nil)
        for (column, name) in AssignmentSheet.columns.enumerated() { worksheet_write_string(worksheet, 2, lxw_col_t(column), name, header) }
        // Days are Excel dates, as in the report's 台账, so that they sort and filter as dates.
        let formats = CellFormats(workbook, highlight: nil)
        let dateColumns = Set(AssignmentSheet.columns.indices.filter { XLSXReport.dateColumns.contains(AssignmentSheet.columns[$0]) })
        for (index, values) in sheet.cells(at: now).enumerated() {
            let line = lxw_row_t(index + 3)
            XLSXFormats.fitRow(worksheet, line, values: values, widths: widths)
            worksheet_write_number(worksheet, line, 0, Double(sheet.rows[index].number), cell)
            for (column, value) in values.enumerated().dropFirst() {
                if dateColumns.contains(column), let (parsed, days) = XLSXFormats.deadline(value) {
                    var day = parsed
                    worksheet_write_datetime(worksheet, line, lxw_col_t(column), &day, formats.date(workingDays: days))
                } else {
                    worksheet_write_string(worksheet, line, lxw_col_t(column), UntrustedText.forSpreadsheet(value), cell)
                }
            }
        }
        worksheet_freeze_panes(worksheet, 3, 0)
        let result = workbook_close(workbook)
        guard result == LXW_NO_ERROR else { throw XLSXError(message: "写入 \(path) 失败：\(String(cString: lxw_strerror(result)))") }
    }
}
