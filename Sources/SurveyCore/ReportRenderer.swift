import Foundation

/// Renders the rectification list and the self-inspection report as CSV, Markdown and HTML.
public enum ReportRenderer {
    /// The 整改台账 columns: the row's fields as `RectificationRowText` prints them, with the counts
    /// of a concentrated problem after its description.
    public static let columns = Array(RectificationRowText.columns.prefix(4)) + ["反映人数", "占比", "典型意见"]
        + RectificationRowText.columns.dropFirst(4)

    /// The values of one row, in `columns` order. Who raised a case is never printed: the report
    /// goes up the chain.
    public static func cells(_ row: RectificationRow, at now: Date) -> [String] {
        let counted = row.kind == .concentrated
        let fields = RectificationRowText.fields(of: row, at: now, forOffice: false).map(\.1)
        let counts = [counted ? "\(row.raisedBy)/\(row.asked)" : "1（个案）", counted ? percent(row.share) : "—",
                      counted ? row.comments.joined(separator: "；") : "—"]
        return Array(fields.prefix(4)) + counts + fields.dropFirst(4)
    }

    public static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    /// The rectification list as CSV: UTF-8 with a BOM, CRLF, for Excel on Chinese Windows.
    public static func csv(_ data: ReportData, at now: Date) -> String {
        let lines = [columns] + data.rows.map { cells($0, at: now) }
        return "\u{FEFF}" + lines.map { $0.map(LinksCSV.escape).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// The whole report in Markdown.
    public static func markdown(_ data: ReportData, at now: Date) -> String {
        func cell(_ text: String) -> String {
            text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var out = ["# \(data.title)", "", "生成时间：\(Day.string(Timestamp.date(data.generatedAt) ?? now))", ""]
        out += ["## 一、总体情况", "", overview(data, at: now), ""]
        out += ["## 二、19 项自查内容逐项情况", ""]
        for section in data.sections {
            out += ["### \(section.item.id) \(section.item.title)", "", "- 自查内容：\(section.item.checks)",
                    "- 牵头单位：\(section.item.leadUnit)", "- 结论：\(data.conclusion(section, at: now))"]
            for row in data.rows(of: section) {
                out.append("- 问题 \(row.number)：\(row.key.problem)（\(rowSource(row))）；措施：\(row.measure ?? "待制定")；进展：\(row.status.label)")
            }
            out.append("")
        }
        out += ["## 三、整改清单", "", "| " + columns.joined(separator: " | ") + " |",
                "|" + String(repeating: " --- |", count: columns.count)]
        out += data.rows.map { "| " + cells($0, at: now).map(cell).joined(separator: " | ") + " |" }
        return out.joined(separator: "\n") + "\n"
    }

    /// How a row came in, in a sentence's words.
    public static func rowSource(_ row: RectificationRow) -> String {
        switch row.kind {
        case .concentrated: "\(row.raisedBy) 人反映，占 \(percent(row.share))"
        case .caseLead: "个案，\(row.raisedOn ?? "—") 反映，整改时限 \(row.deadline ?? "—")"
        }
    }

    public static func overview(_ data: ReportData, at now: Date) -> String {
        let signed = data.rows.filter { $0.status == .signedOff }.count
        let overdue = data.rows.filter { $0.isOverdue(at: now) }.count
        let problemItems = Set(data.rows.map(\.key.item)).count
        let cases = data.rows.filter { $0.kind == .caseLead }.count
        let indicators = data.indicators.map { indicator in
            let categories = indicator.byCategory.sorted { $0.key < $1.key }.map { name, part in
                "\(name) \(percent(part.satisfactionRate))（\(part.answered) 人，平均 \(String(format: "%.2f", part.mean)) 分）"
            }
            return "“\(indicator.title)”\(indicator.answered) 人作答，满意率 \(percent(indicator.satisfactionRate))，平均 \(String(format: "%.2f", indicator.mean)) 分"
                + (categories.isEmpty ? "" : "；分类别满意率：\(categories.joined(separator: "，"))") + "。"
        }.joined()
        return "面向 \(data.rosterSize) 名营商环境监督员开展调查，\(data.respondents) 人提交答卷。\(indicators)围绕优化营商环境 \(data.sections.count) 项内容进行自查，"
            + "在 \(problemItems) 个自查项中查找出问题 \(data.rows.count) 个（集中问题 \(data.rows.count - cases) 个，个案线索 \(cases) 个），已整改销号 \(signed) 个"
            + (overdue > 0 ? "，逾期未完成 \(overdue) 个。" : "。")
    }

    /// The whole report as a printable HTML page (A4), with no external resources.
    public static func html(_ data: ReportData, at now: Date) -> String {
        var out = ["<!doctype html>", "<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">", "<title>\(escape(data.title))</title>",
                   "<style>", style, "</style></head><body>", "<h1>\(escape(data.title))</h1>",
                   "<p class=\"meta\">生成时间：\(Day.string(Timestamp.date(data.generatedAt) ?? now))</p>",
                   "<h2>一、总体情况</h2>", "<p>\(escape(overview(data, at: now)))</p>", "<h2>二、19 项自查内容逐项情况</h2>"]
        for section in data.sections {
            out.append("<section class=\"item\"><h3>\(escape(section.item.id)) \(escape(section.item.title))</h3>")
            out.append("<p><b>自查内容：</b>\(escape(section.item.checks))</p><p><b>牵头单位：</b>\(escape(section.item.leadUnit))</p>")
            out.append("<p><b>结论：</b>\(escape(data.conclusion(section, at: now)))</p>")
            let rows = data.rows(of: section)
            if !rows.isEmpty {
                out.append("<ul>")
                for row in rows {
                    out.append("<li>问题 \(row.number)：\(escape(row.key.problem))（\(rowSource(row))）；"
                               + "措施：\(escape(row.measure ?? "待制定"))；进展：\(row.status.label)</li>")
                }
                out.append("</ul>")
            }
            out.append("</section>")
        }
        out += ["<h2 class=\"list\">三、整改清单</h2>", "<table><thead><tr>" + columns.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>"]
        for row in data.rows {
            let css = row.isOverdue(at: now) ? " class=\"overdue\"" : ""
            out.append("<tr\(css)>" + cells(row, at: now).map { "<td>\(escape($0))</td>" }.joined() + "</tr>")
        }
        out += ["</tbody></table>", "</body></html>"]
        return out.joined(separator: "\n") + "\n"
    }

    static let style = """
        @page { size: A4 landscape; margin: 15mm; }
        body { font-family: "Noto Serif CJK SC", "SimSun", serif; font-size: 11pt; line-height: 1.6; color: #000; margin: 0 auto; max-width: 1100px; }
        h1 { text-align: center; font-size: 18pt; } h2 { font-size: 14pt; margin-top: 1.2em; } h3 { font-size: 12pt; margin: 0.8em 0 0.2em; }
        .meta { text-align: center; } section.item { break-inside: avoid; } section.item p { margin: 0.2em 0; }
        table { width: 100%; border-collapse: collapse; font-size: 9pt; } th, td { border: 1px solid #000; padding: 3px 4px; vertical-align: top; }
        thead { display: table-header-group; } tr { break-inside: avoid; } tr.overdue td { background: #fde2e1; }
        h2.list { break-before: page; }
        @media screen { body { padding: 16px; } }
        """

    /// Escapes text for HTML.
    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
