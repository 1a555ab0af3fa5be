import Foundation

/// A 台账 row's fields in the office's words, in the order a 整改台账 prints them. The CLI, the
/// reports and the units' 交办单 all print from here.
public enum RectificationRowText {
    /// The column titles of the full 台账.
    public static let columns = [
        "序号", "问题来源", "问题描述", "自查项", "整改类别", "牵头单位", "配合单位", "责任人", "整改措施", "整改时限", "整改进展",
        "完成时间", "佐证材料", "回访情况", "验收意见", "销号人", "销号日期", "整改状态",
    ]

    /// Every column's value; `forOffice` adds who raised a case (never shown to units).
    public static func fields(of row: RectificationRow, at now: Date, forOffice: Bool) -> [(String, String)] {
        var source = row.sourceText
        // Who raised a case and the survey's internal id are for the office's own screens only.
        if forOffice, let supervisor = row.supervisorID { source += "，\(supervisor)" }
        if forOffice, let survey = row.source { source += "，\(survey)" }
        let problem = row.problemText
        let measures = row.measures.enumerated().map { "\($0.offset + 1). \($0.element.summary)" }.joined(separator: "\n")
        // The office checks a file by its whole hash (rectify evidence-get takes it, or a prefix).
        var evidence = row.evidenceFiles.map { forOffice ? $0.fullSummary : $0.summary }
        if let text = row.evidence { evidence.insert(text, at: 0) }
        let timeliness = row.timeliness(at: now)
        var followUp = row.followUp?.summary ?? "—"
        if let tally = row.followUp, tally.asked > 0 {
            // A reopened row keeps the earlier round's figures until it is marked rectified again.
            if row.status < .rectified { followUp = "上一轮" + followUp }
            // One line per comment, whatever line breaks a supervisor typed.
            if forOffice { followUp += tally.comments.map { "\n意见：" + $0.split(whereSeparator: \.isNewline).joined(separator: " ") }.joined() }
        }
        let progress = row.progressLines
        let values = [
            String(row.number), source, problem, row.itemsText, row.category?.label ?? "—", row.unit ?? "—",
            row.partners.isEmpty ? "—" : row.partners.joined(separator: "、"), row.owner ?? "—",
            measures.isEmpty ? "待制定" : measures, row.deadlineText ?? "—", progress.isEmpty ? "—" : progress.joined(separator: "\n"),
            row.completedOn ?? "—", evidence.isEmpty ? "—" : evidence.joined(separator: "\n"), followUp,
            row.opinion ?? "—", row.signer ?? "—", row.signedOffAt.flatMap(Timestamp.date).map(Day.string) ?? "—",
            row.stateLabel + (timeliness.isEmpty ? "" : "（\(timeliness)）"),
        ]
        return Array(zip(columns, values.map(UntrustedText.withoutBidiControls)))
    }
}
