import Foundation
import SurveyCore
import SurveyFiles

/// Renders the rectification list and the self-inspection report as CSV, Markdown and HTML.
public enum ReportRenderer {
    /// The 整改台账 columns: the row's fields as `RectificationRowText` prints them, with the counts
    /// of a concentrated problem after its description.
    public static let columns =
        Array(RectificationRowText.columns.prefix(4)) + ["反映人数", "占比", "典型意见"]
        + RectificationRowText.columns.dropFirst(4)

    /// The values of one row, in `columns` order. Who raised a case is never printed: the report
    /// goes up the chain.
    public static func cells(_ row: RectificationRow, at now: Date) -> [String] {
        let counted = row.kind == .concentrated
        let fields = RectificationRowText.fields(of: row, at: now, forOffice: false).map(\.1)
        let counts = [
            counted ? "\(row.raisedBy)/\(row.asked)" : row.kind == .caseLead ? "1（个案）" : "—", counted ? percent(row.share) : "—",
            counted ? row.comments.joined(separator: "；") : "—",
        ]
        return Array(fields.prefix(4)) + counts + fields.dropFirst(4)
    }

    /// A share as a percentage to one decimal, rounded, except that it reads 100.0% only when whole
    /// (1999 of 2000 is 99.9%) and 0.0% only when nothing (1 of 3000 is 0.1%).
    public static func percent(_ share: Double) -> String {
        var tenths = (share * 1000).rounded()
        if share < 1 { tenths = min(tenths, 999) }
        if share > 0 { tenths = max(tenths, 1) }
        return String(format: "%.1f%%", tenths / 10)
    }

    /// `part` of `whole` as a percentage, or "—" when there is nothing to take a share of.
    public static func rate(_ part: Int, of whole: Int) -> String { whole == 0 ? "—" : percent(Double(part) / Double(whole)) }

    /// The rectification list as CSV.
    public static func csv(_ data: ReportData, at now: Date) -> String {
        csv((data.demo ? [[ReportOutline.demoNotice]] : []) + [columns] + data.rows.map { cells($0, at: now) })
    }

    /// A table as CSV: UTF-8 with a BOM, CRLF, quoted where needed, for Excel on Chinese Windows.
    static func csv(_ lines: [[String]]) -> String {
        "\u{FEFF}" + lines.map { $0.map(LinksCSV.escape).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// The whole report in Markdown: the outline, then the 台账 as its annex.
    public static func markdown(_ data: ReportData, at now: Date) -> String {
        func cell(_ text: String) -> String {
            text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var out: [String] = []
        for block in ReportOutline.blocks(data, at: now) {
            switch block {
            case .title(let text): out += ["# \(text)", ""]
            case .recipient(let text): out += ["\(text)：", ""]
            case .heading(let text): out += ["## \(text)", ""]
            case .subheading(let text): out += ["### \(text)", ""]
            case .paragraph(let text): out += [text, ""]
            case .signature(let issuer, let date): out += (issuer.map { [$0, ""] } ?? []) + [date, ""]
            case .notice(let text): out += ["> **\(text)**", ""]
            case .masthead(let head): out += ["**\(head.mark)**", "", ReportRenderer.mastheadLine(head), "", "---", ""]
            }
        }
        out += [
            "## 附件：整改台账", "", "| " + columns.joined(separator: " | ") + " |",
            "|" + String(repeating: " --- |", count: columns.count),
        ]
        out += data.rows.map { "| " + cells($0, at: now).map(cell).joined(separator: " | ") + " |" }
        return out.joined(separator: "\n") + "\n"
    }

    /// The line under the 发文机关标志: 发文字号, and 签发人 for a report going up the chain.
    static func mastheadLine(_ head: Masthead) -> String {
        [head.number, head.signer.map { "签发人：\($0)" }].compactMap { $0 }.joined(separator: "　　")
    }

    /// How a row came in, in a sentence's words, naming who was asked.
    public static func rowSource(_ row: RectificationRow, data: ReportData) -> String {
        switch row.kind {
        case .concentrated: "\(data.asked(row.key, row.asked))中\(row.raisedBy)人反映，占\(percent(row.share))"
        case .caseLead: "个案线索，\(row.raisedOn ?? "—")反映"
        case .entered: "\(row.channel ?? "登记")，\(row.raisedOn ?? "—")反映"
        }
    }

    /// The whole report as a printable HTML page (A4), with no external resources; the 台账 annex
    /// starts on a landscape page.
    public static func html(_ data: ReportData, at now: Date) -> String {
        var out = [
            "<!doctype html>", "<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">", "<title>\(escape(data.title))</title>",
            "<style>", style, "</style></head><body><main class=\"report\">",
        ]
        for block in ReportOutline.blocks(data, at: now) {
            switch block {
            case .title(let text): out.append("<h1>\(escape(text))</h1>")
            case .recipient(let text): out.append("<p class=\"recipient\">\(escape(text))：</p>")
            case .heading(let text): out.append("<h2>\(escape(text))</h2>")
            case .subheading(let text): out.append("<h3>\(escape(text))</h3>")
            case .paragraph(let text): out.append("<p>\(escape(text))</p>")
            case .signature(let issuer, let date):
                out.append("<p class=\"signature\">\(issuer.map { escape($0) + "<br>" } ?? "")\(escape(date))</p>")
            case .notice(let text): out.append("<p class=\"demo-banner\" role=\"note\">\(escape(text))</p>")
            case .masthead(let head):
                out.append(
                    "<header class=\"masthead\"><p class=\"mark\">\(escape(head.mark))</p><p class=\"number\">\(escape(ReportRenderer.mastheadLine(head)))</p></header>"
                )
            }
        }
        out += [
            "</main><section class=\"annex\"><h2>附件：整改台账</h2>",
            "<table><thead><tr>" + columns.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>",
        ]
        for row in data.rows {
            let css = row.isOverdue(at: now) ? " class=\"overdue\"" : ""
            out.append("<tr\(css)>" + cells(row, at: now).map { "<td>\(escape($0))</td>" }.joined() + "</tr>")
        }
        out += ["</tbody></table></section>", "</body></html>"]
        return out.joined(separator: "\n") + "\n"
    }

    static let style = """
        @page { size: A4; margin: 37mm 26mm 35mm 28mm; @bottom-center { content: "— " counter(page) " —"; } }
        @page annex { size: A4 landscape; margin: 15mm; }
        body { font-family: "FangSong_GB2312", "仿宋_GB2312", "FangSong", "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 28pt; color: #000; }
        main.report { max-width: 156mm; margin: 0 auto; }
        h1 { text-align: center; font-family: "方正小标宋简体", "Noto Serif CJK SC", serif; font-size: 22pt; line-height: 1.5; font-weight: normal; }
        h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; }
        h3 { font-family: "KaiTi_GB2312", "楷体_GB2312", "KaiTi", "Noto Serif CJK SC", serif; font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; }
        p { margin: 0; text-indent: 2em; } p.recipient { text-indent: 0; }
        header.masthead { text-align: center; border-bottom: 2px solid #c00000; margin-bottom: 1.5em; }
        header.masthead p { text-indent: 0; } header.masthead .mark { color: #c00000; font-size: 26pt; letter-spacing: 0.05em; }
        p.demo-banner { text-indent: 0; margin: 0 0 1em; padding: 6px 10px; border: 2px solid #c00000; color: #c00000; font-weight: bold; text-align: center; } p.signature { text-align: right; margin-top: 2em; }
        section.annex { page: annex; break-before: page; font-size: 9pt; line-height: 1.4; }
        section.annex h2 { text-indent: 0; text-align: center; }
        table { width: 100%; border-collapse: collapse; } th, td { border: 1px solid #000; padding: 3px 4px; vertical-align: top; white-space: pre-line; }
        thead { display: table-header-group; } tr { break-inside: avoid; } tr.overdue td { background: #fde2e1; }
        @media screen { body { padding: 16px; } section.annex { max-width: 1400px; margin: 2em auto; } }
        """

    /// Escapes text for HTML.
    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
