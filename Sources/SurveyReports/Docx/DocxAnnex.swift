import Foundation
import SurveyCore

/// The Word report's annex: the 整改台账 as a reader up the chain needs it, on A4 landscape pages.
/// The problems in one table (item names, not codes; 反映人数 and 占比; each date whole on its line),
/// the leads still being verified, which are not problems yet, in a second, narrower one. The full
/// 18-column 台账 is the spreadsheet's.
enum DocxAnnex {
    /// The problems' columns and their widths in twips: at 小五, a date needs about 1,250 with the
    /// fonts LibreOffice substitutes, and a four-character title 900.
    static let problemColumns: [(title: String, width: Int)] = [
        ("序号", 500), ("问题来源", 1_100), ("问题描述", 1_920), ("所属自查项", 1_150), ("反映人数", 950), ("占比", 700),
        ("责任单位", 1_150), ("整改措施", 1_950), ("整改时限", 1_300), ("整改进展", 1_650), ("完成及验收", 1_300), ("整改状态", 900),
    ]

    /// The leads' columns and their widths in twips.
    static let leadColumns: [(title: String, width: Int)] = [
        ("序号", 500), ("线索来源", 1_500), ("线索内容", 4_950), ("所属自查项", 1_900), ("核实单位", 1_500), ("核实情况", 2_800),
        ("状态", 1_400),
    ]

    /// The annex's paragraphs and tables, after the report's portrait section.
    static func body(_ data: ReportData, at now: Date) -> String {
        let names = Dictionary(data.sections.map { ($0.item.id, $0.item.title) }, uniquingKeysWith: { first, _ in first })
        let problems = data.rows.filter(\.isProblem)
        let leads = data.rows.filter { !$0.isProblem }
        var xml = WordXML.paragraph(WordXML.run("附件", font: "黑体", halfPoints: 32), alignment: .left)
        xml += WordXML.paragraph(WordXML.run("整改台账", font: "方正小标宋简体", halfPoints: 36), alignment: .center, lineTwips: 640)
        xml += table(problemColumns, rows: problems.map { problemCells($0, names: names, at: now) })
        if !leads.isEmpty {
            xml += WordXML.paragraph("", lineTwips: 400)
            xml += WordXML.paragraph(WordXML.run("待核实线索", font: "黑体", halfPoints: 28), alignment: .center, lineTwips: 560)
            xml += WordXML.paragraph(
                WordXML.run("以下线索正在核实或经核实不属实，未列入问题、未计入整改率。", font: "仿宋_GB2312", halfPoints: 21), alignment: .center)
            xml += table(leadColumns, rows: leads.map { leadCells($0, names: names) })
        }
        return xml
    }

    static func table(_ columns: [(title: String, width: Int)], rows: [[String]]) -> String {
        WordXML.table(header: columns.map(\.title), rows: rows, widths: columns.map(\.width), font: "仿宋_GB2312", halfPoints: 18)
    }

    /// One problem's cells, in `problemColumns` order.
    static func problemCells(_ row: RectificationRow, names: [String: String], at now: Date) -> [String] {
        let counted = row.kind == .concentrated
        let measures = row.measures.enumerated().map { index, measure in
            "\(index + 1). \(measure.text)" + (measure.doneOn == nil ? "" : "（已完成）")
        }
        var unit = [row.unit ?? "待交办"]
        if !row.partners.isEmpty { unit.append("配合：" + row.partners.joined(separator: "、")) }
        if let owner = row.owner { unit.append(owner) }
        var closing: [String] = []
        if let done = row.completedOn { closing += [done, "完成"] }
        if let tally = row.followUp, tally.asked > 0 {
            let verdicts = "满意\(tally.satisfied)、基本满意\(tally.basic)、不满意\(tally.unsatisfied)"
            closing.append((row.status < .rectified ? "上一轮" : "") + "回访\(tally.asked)人，答复\(tally.answered)人，" + verdicts)
        }
        if let signer = row.signer, let day = row.signedOffAt.flatMap(Timestamp.date).map(Day.string) {
            closing += [day, "\(signer)销号"]
        }
        let timeliness = row.timeliness(at: now)
        let values = [
            String(row.number), source(row), row.problemText, itemNames(row, names: names),
            counted ? "\(row.raisedBy)/\(row.asked)" : row.kind == .caseLead ? "1" : "—", counted ? ReportRenderer.percent(row.share) : "—",
            unit.joined(separator: "\n"), measures.isEmpty ? "待制定" : measures.joined(separator: "\n"), deadline(row),
            progress(row), closing.isEmpty ? "—" : closing.joined(separator: "\n"),
            row.stateLabel + (timeliness.isEmpty ? "" : "（\(timeliness)）"),
        ]
        return values.map(UntrustedText.withoutBidiControls)
    }

    /// One lead's cells, in `leadColumns` order.
    static func leadCells(_ row: RectificationRow, names: [String: String]) -> [String] {
        let verification = row.verificationNote.map { (row.verification?.label ?? "") + "：" + $0 } ?? "正在核实"
        let values = [
            String(row.number), source(row), row.problemText, itemNames(row, names: names), row.unit ?? "待交办", verification, row.stateLabel,
        ]
        return values.map(UntrustedText.withoutBidiControls)
    }

    /// Where the row came from, each date on a line of its own.
    static func source(_ row: RectificationRow) -> String {
        switch row.kind {
        case .concentrated:
            "监督员问卷集中问题" + (row.key.round.map { "（\($0)）" } ?? "") + (row.previous.map { "\n回头看：曾为第\($0)项" } ?? "")
        case .caseLead: "监督员问卷个案" + (row.raisedOn.map { "\n" + $0 } ?? "")
        case .entered: (row.channel ?? "登记") + (row.raisedOn.map { "\n" + $0 } ?? "") + (row.reference.map { "\n编号 " + $0 } ?? "")
        }
    }

    /// The 时限 with its date on a line of its own (a 长期坚持 row's is its stage goal).
    static func deadline(_ row: RectificationRow) -> String {
        guard let day = row.deadline else { return row.category == .longTerm ? "长期坚持" : "—" }
        if row.category == .longTerm { return "长期坚持\n阶段目标\n" + day }
        return day + (row.deadlineWorkingDays.map { "\n（\($0)个工作日）" } ?? "")
    }

    /// The row's review items by name: the lead item, then the others it touches.
    static func itemNames(_ row: RectificationRow, names: [String: String]) -> String {
        let lead = names[row.key.item] ?? row.itemTitle
        let others = row.items.filter { $0 != row.key.item }.compactMap { names[$0] }
        return lead + (others.isEmpty ? "" : "\n另涉" + others.joined(separator: "、"))
    }

    /// The progress notes and 催办, each on its own lines (a note starts with its date).
    static func progress(_ row: RectificationRow) -> String {
        row.progressLines.isEmpty ? "—" : row.progressLines.joined(separator: "\n")
    }
}
