import Foundation
import SurveyCore

/// Writes 交办单 as a Word document: A4 portrait with 公文 margins, one sheet a page, the form as a
/// two-column table in 仿宋, the title in 小标宋.
public enum HandoverDocx {
    public static func write(_ sheets: [HandoverSheet], to path: String, at now: Date) throws {
        try DocxReport.write(DocxReport.package(title: sheets.first?.title ?? "整改事项交办单", body: body(sheets), at: now), to: path)
    }

    /// The width between the margins of a portrait A4 page of `WordXML.section(landscape: false, …)`.
    static let portraitTextWidth = 11906 - 1588 - 1474

    static func body(_ sheets: [HandoverSheet]) -> String {
        func line(_ text: String, alignment: WordXML.Alignment = .left, pageBreak: Bool = false) -> String {
            WordXML.paragraph(WordXML.run(text, font: "仿宋_GB2312", halfPoints: 28), alignment: alignment, lineTwips: 480, pageBreakBefore: pageBreak)
        }
        var xml = ""
        for (index, sheet) in sheets.enumerated() {
            xml += WordXML.paragraph(
                WordXML.run(sheet.title, font: "方正小标宋简体", halfPoints: 40), alignment: .center, lineTwips: 700, style: "Title",
                pageBreakBefore: index > 0)
            xml += line("\(sheet.numberLabel)：\(sheet.number)　　\(sheet.dateLabel)：\(sheet.dateText)")
            let label = 1800
            xml += WordXML.table(
                header: ["项目", "内容"], rows: sheet.fields.map { [$0.label, $0.value] } + [["签收", "\n\n" + sheet.receipt]],
                widths: [label, portraitTextWidth - label], font: "仿宋_GB2312", halfPoints: 24)
            xml += line("")
            xml += line("交办单位：\(sheet.office)（盖章）", alignment: .right)
        }
        return xml + WordXML.section(landscape: false, restartNumbering: true)
    }
}
