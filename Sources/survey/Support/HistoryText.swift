import SurveyCore

/// A 整改台账 row's history in the 台账's own words: fields by their column names, statuses by their
/// Chinese names, times in Beijing time. The stored history keeps the API's field names.
enum HistoryText {
    static let fields: [String: String] = [
        "status": "整改状态", "unit": "牵头单位", "deadline": "整改时限", "note": "整改进展", "evidence": "佐证材料",
        "evidenceFile": "佐证材料文件", "signer": "销号人", "signedOffAt": "销号日期", "measures": "整改措施", "partners": "配合单位",
        "category": "整改类别", "owner": "责任人", "completedOn": "完成时间", "opinion": "验收意见", "reason": "理由",
    ]

    /// The field's column name, or the field itself when it has none.
    static func field(_ field: String) -> String { fields[field] ?? field }

    /// `old → new`, with statuses named and timestamps in Beijing time.
    static func detail(_ detail: String, field: String) -> String {
        let sides = detail.components(separatedBy: " → ")
        guard sides.count == 2 else { return detail }
        let shown = sides.map { side -> String in
            switch field {
            case "status": RectificationStatus(rawValue: side)?.label ?? side
            case "signedOffAt": Timestamp.date(side) == nil ? side : BeijingTime.show(side)
            default: side
            }
        }
        return shown.joined(separator: " → ")
    }
}
