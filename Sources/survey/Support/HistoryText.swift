import SurveyCore

/// A 整改台账 row's history, and the audit log, in the office's own words: fields by their column
/// names, statuses by their Chinese names, times in Beijing time, actions named. The stored
/// records keep the API's names.
enum HistoryText {
    static let fields: [String: String] = [
        "status": "整改状态", "unit": "牵头单位", "deadline": "整改时限", "note": "整改进展", "evidence": "佐证材料",
        "evidenceFile": "佐证材料文件", "signer": "销号人", "signedOffAt": "销号日期", "measures": "整改措施", "partners": "配合单位",
        "category": "整改类别", "owner": "责任人", "completedOn": "完成时间", "opinion": "验收意见", "reason": "理由",
        "verification": "核实结果", "signedEvidence": "销号时的佐证材料", "urge": "催办", "handoverNumber": "交办编号", "receipt": "签收人",
        "assignedOn": "交办日期", "deadlineWorkingDays": "时限工作日数",
    ]

    /// The field's column name, or the field itself when it has none.
    static func field(_ field: String) -> String { fields[field] ?? field }

    /// `old → new`, with statuses named and timestamps in Beijing time.
    static func detail(_ detail: String, field: String) -> String {
        let sides = detail.components(separatedBy: " → ")
        guard sides.count == 2 else { return detail }
        // A progress note is added, never replaced: the new one alone is the change.
        if field == "note" { return "新增：" + sides[1] }
        let shown = sides.map { side -> String in
            switch field {
            case "status": RectificationStatus(rawValue: side)?.label ?? side
            case "verification": LeadVerification(rawValue: side)?.label ?? side
            case "signedOffAt": Timestamp.date(side) == nil ? side : BeijingTime.show(side)
            default: side
            }
        }
        return shown.joined(separator: " → ")
    }

    static let actions: [String: String] = [
        "launch": "发布问卷", "update": "修改问卷", "reopen": "重新开放问卷", "close": "关闭问卷", "remind": "提醒", "rectify": "整改台账",
        "rectify-identify": "台账新增", "rectify-add": "登记问题", "evidence": "上传佐证材料", "followup": "发起回访", "followup-answer": "回访答复",
        "projector-link": "投屏链接", "comment-approve": "意见上屏", "comment-reject": "意见撤下", "roster-import": "导入名册",
        "reissue": "重发个人链接", "staff-add": "添加工作人员", "staff-revoke": "停用工作人员", "staff-reissue": "重发工作人员令牌",
        "units-import": "导入责任单位", "unit-reissue": "重发单位链接", "selfcheck": "填写自查",
    ]

    /// An audit action by its Chinese name, or as stored when it has none.
    static func action(_ action: String) -> String { actions[action] ?? action }

    /// An audit entry's detail; a 台账 change (`第 N 项 field: old → new；…`) with its columns named.
    static func auditDetail(_ detail: String, action: String) -> String {
        guard action == "rectify" else { return detail }
        var prefix = ""
        var body = Substring(detail)
        if body.hasPrefix("第 "), let end = body.range(of: " 项 ") {
            prefix = String(body[..<end.upperBound])
            body = body[end.upperBound...]
        }
        let parts = body.components(separatedBy: "；").map { part -> String in
            guard let colon = part.range(of: ": ") else { return part }
            let field = String(part[..<colon.lowerBound])
            guard fields[field] != nil else { return part }
            return "\(self.field(field))：\(self.detail(String(part[colon.upperBound...]), field: field))"
        }
        return prefix + parts.joined(separator: "；")
    }
}
