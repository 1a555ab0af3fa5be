import Foundation
import SurveyCore

/// A unit's 交办单: the rows handed to it, with every 台账 field, for printing or for its own
/// spreadsheet. Who raised a case is left out, as on the unit's page.
public struct AssignmentSheet: Sendable {
    public var unit: String
    public var rows: [RectificationRow]
    public var office: String

    /// The rows of `all` handed to `unit`, as lead or partner.
    public init(unit: String, from all: [RectificationRow], office: String = "区政务服务办") {
        self.unit = unit
        self.rows = all.filter { $0.isHanded(to: unit) }.map(\.forUnit)
        self.office = office
    }

    public var title: String { "营商环境问题整改交办单" }

    /// The columns printed; the full 台账 without 问题来源's supervisor.
    public static let columns = RectificationRowText.columns
    /// Each column's share of the printed width (percent), so that none shrinks to one character.
    static let widths = [3, 6, 9, 7, 4, 5, 5, 4, 10, 6, 8, 5, 6, 5, 5, 3, 5, 4]

    /// Each row's cells, in `columns` order.
    public func cells(at now: Date) -> [[String]] {
        rows.map { RectificationRowText.fields(of: $0, at: now, forOffice: false).map(\.1) }
    }

    /// A printable page (A4 landscape) with the receipt block a unit signs and returns.
    public func html(at now: Date) -> String {
        let escape = ReportRenderer.escape
        var out = [
            "<!doctype html>", "<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">", "<title>\(escape(title))</title>", "<style>",
            "@page { size: A4 landscape; margin: 15mm; }",
            "body { font-family: 'Noto Serif CJK SC', 'SimSun', serif; font-size: 10.5pt; }",
            "h1 { text-align: center; font-size: 18pt; } .meta { display: flex; justify-content: space-between; }",
            "table { border-collapse: collapse; width: 100%; table-layout: fixed; }",
            "th, td { border: 1px solid #000; padding: 3px; vertical-align: top; overflow-wrap: anywhere; }",
            "th { background: #eee; } td { white-space: pre-line; } tr { page-break-inside: avoid; }",
            ".receipt { margin-top: 16pt; display: flex; gap: 48pt; }", "</style></head><body>",
            "<h1>\(escape(title))</h1>",
            "<p class=\"meta\"><span>责任单位：\(escape(unit))</span><span>交办单位：\(escape(office))</span>"
                + "<span>导出日期：\(Day.string(now))</span><span>共 \(rows.count) 项</span></p>",
            "<table><colgroup>" + Self.widths.map { "<col style=\"width: \($0)%\">" }.joined() + "</colgroup><thead><tr>"
                + Self.columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>",
        ]
        for row in cells(at: now) {
            out.append("<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>")
        }
        out += [
            "</tbody></table>",
            "<p>请按整改时限逐项落实，通过单位链接填报整改进展、上传佐证材料；整改完成后由监督员回访、领导验收销号。</p>",
            "<div class=\"receipt\"><span>签收人：__________</span><span>签收日期：____年__月__日</span><span>（单位盖章）</span></div>",
            "</body></html>",
        ]
        return out.joined(separator: "\n") + "\n"
    }
}
