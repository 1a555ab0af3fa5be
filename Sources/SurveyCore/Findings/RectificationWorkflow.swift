import Foundation

/// A staff action on a rectification row.
public enum RectifyAction: Codable, Sendable, Equatable {
    /// Give the row a lead unit, its first measure and a deadline (`yyyy-MM-dd`); optionally 配合单位,
    /// 整改类别 and 责任人 (each left as it was when nil, on a row assigned before).
    /// `shareable` lets the units see who raised a case.
    case assign(
        unit: String, measure: String, deadline: String, partners: [String]? = nil, category: RectificationCategory? = nil,
        owner: String? = nil, shareable: Bool? = nil)
    /// Record progress (a dated 整改进展 entry).
    case progress(note: String)
    /// Add another measure with its own deadline.
    case addMeasure(text: String, deadline: String)
    /// Measure number `index` (from 1) is done.
    case measureDone(index: Int)
    /// The row is rectified; `evidence` describes what shows it (optional when files were uploaded).
    case done(evidence: String?)
    /// Close the row (销号), with the 验收意见.
    case signOff(by: String, opinion: String? = nil)
    /// Take a rectified or signed-off row back to 整改中 (回头看): the reason is required.
    case reopen
    /// 核实 a lead: 属实 or 部分属实 makes it a problem to hand over; 不属实 closes it with the note.
    case verify(result: LeadVerification, note: String)
    /// 催办: remind the unit of a row handed to it and not yet rectified.
    case urge(note: String?)
    /// 签收: the lead unit signs for the 交办单, by the name of the person who signs.
    case receipt(by: String)

    /// The status the action leads to, or nil when it leaves the status as it is.
    var target: RectificationStatus? {
        switch self {
        case .assign: .assigned
        case .progress, .reopen: .inProgress
        case .done: .rectified
        case .signOff: .signedOff
        case .addMeasure, .measureDone, .verify, .urge, .receipt: nil
        }
    }
}

/// One field's change, for the audit trail.
public struct FieldChange: Codable, Sendable, Equatable {
    public var field: String
    public var old: String?
    public var new: String?

    public init(field: String, old: String?, new: String?) {
        self.field = field
        self.old = old
        self.new = new
    }
}

/// The rules of the 整改 workflow: one step forward at a time; a skip or a step back needs a reason;
/// sign-off needs evidence and a signer.
public enum RectificationWorkflow {
    public static func apply(
        _ action: RectifyAction, reason: String?, to row: RectificationRow, at now: Date
    ) -> Result<(row: RectificationRow, changes: [FieldChange]), RectifyError> {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        let from = row.status
        var to = action.target ?? row.status
        if row.isUnfounded {
            return .failure(RectifyError("第 \(row.number) 项经核实不属实，已办结（\(row.verificationNote ?? "")）"))
        }
        if row.isUnverifiedLead {
            switch action {
            case .done, .signOff, .measureDone:
                return .failure(
                    RectifyError("第 \(row.number) 项是待核实的线索，须先核实（rectify verify \(row.number) --result \(LeadVerification.results) --note 核实情况）"))
            default: break
            }
        }
        if from == .signedOff && (to == .signedOff || action.target == nil) {
            return .failure(RectifyError("第 \(row.number) 项已销号"))
        }
        // A row rectified or signed off is taken back by reopen alone, never by assigning or marking it anew.
        switch action {
        case .assign where from >= .rectified, .done where from == .signedOff:
            return .failure(RectifyError("第 \(row.number) 项\(from.label)：如需重新整改，请先用 rectify reopen --reason 重新打开"))
        case .assign where row.unit != nil && from >= .assigned:
            to = from  // 改派 or a new 时限 leaves the work where it stands (已交办 or 整改中)
        default: break
        }
        if case .reopen = action {
            guard from >= .rectified else { return .failure(RectifyError("第 \(row.number) 项尚未整改完成，无需重新打开")) }
            guard reason != nil else { return .failure(RectifyError("重新打开（回头看）须用 --reason 说明理由")) }
        }
        let jump = to.step - from.step
        if (jump > 1 || jump < 0) && reason == nil {
            let kind = jump > 1 ? "跳过步骤" : "退回"
            return .failure(RectifyError("从“\(from.label)”到“\(to.label)”属于\(kind)，须用 --reason 说明理由"))
        }
        var updated = row
        switch action {
        case .assign(let unit, let measure, let deadline, let partners, let category, let owner, let shareable):
            guard let unit = unit.trimmed, let measure = measure.trimmed else {
                return .failure(RectifyError("交办须填写责任单位和整改措施"))
            }
            guard Day.parse(deadline) != nil else { return .failure(badDay(deadline)) }
            if let assigned = row.unit, from >= .assigned, reason == nil {
                return .failure(
                    RectifyError(
                        "第 \(row.number) 项已交办给“\(assigned)”（时限 \(row.deadline ?? "未定")）：改派单位或调整时限须用 --reason 说明理由；只增加措施请用 rectify measure"))
            }
            if unit != row.unit {
                // 改派: the new unit signs for it anew.
                updated.receiptName = nil
                updated.receiptAt = nil
            }
            updated.unit = unit
            updated.deadline = deadline
            if from < .assigned { updated.assignedOn = Day.string(now) }
            // Measures assigned before stay as they were: 改派 or 延期 adds to the record, never rewrites it.
            if !row.measures.contains(where: { $0.text == measure }) { updated.measures.append(Measure(text: measure, deadline: deadline)) }
            var seen: Set<String> = [unit]
            updated.partners = (partners ?? row.partners).compactMap(\.trimmed).filter { seen.insert($0).inserted }
            updated.shareable = shareable ?? row.shareable
            updated.category = category ?? row.category
            updated.owner = owner?.trimmed ?? row.owner
        case .progress(let note):
            guard let note = note.trimmed else { return .failure(RectifyError("请填写进展情况")) }
            updated.notes.append("\(Day.string(now))：\(note)")
        case .addMeasure(let text, let deadline):
            guard row.unit != nil else { return .failure(RectifyError("第 \(row.number) 项尚未交办，请先交办（rectify assign）再增加整改措施")) }
            guard let text = text.trimmed else { return .failure(RectifyError("请填写整改措施")) }
            guard Day.parse(deadline) != nil else { return .failure(badDay(deadline)) }
            updated.measures.append(Measure(text: text, deadline: deadline))
        case .measureDone(let index):
            guard updated.measures.indices.contains(index - 1) else {
                return .failure(RectifyError("第 \(row.number) 项没有第 \(index) 条整改措施（共 \(row.measures.count) 条）"))
            }
            guard updated.measures[index - 1].doneOn == nil else {
                return .failure(RectifyError("第 \(row.number) 项第 \(index) 条措施已于 \(updated.measures[index - 1].doneOn!) 完成"))
            }
            updated.measures[index - 1].doneOn = Day.string(now)
        case .done(let evidence):
            guard from != .rectified else {
                return .failure(RectifyError("第 \(row.number) 项已于 \(row.completedOn ?? "此前") 标记为已整改；补充佐证材料请用 rectify evidence"))
            }
            guard let evidence = evidence?.trimmed ?? (row.evidenceFiles.isEmpty ? nil : row.evidence ?? "") else {
                return .failure(RectifyError("完成整改须提供佐证材料：说明（--evidence）或上传文件（rectify evidence）"))
            }
            updated.evidence = evidence.nilIfEmpty
            // Measures not marked done stay as they are: the row says what was done, not what was planned.
            updated.completedOn = Day.string(now)
        case .signOff(let signer, let opinion):
            guard let signer = signer.trimmed else { return .failure(RectifyError("销号须写明销号人")) }
            guard updated.evidence != nil || !updated.evidenceFiles.isEmpty else {
                return .failure(RectifyError("销号前须先提交整改佐证材料（rectify done --evidence 或 rectify evidence）"))
            }
            updated.signer = signer
            updated.signedOffAt = Timestamp.string(now)
            // A reason (over the 回访, or for a skipped step) belongs to the 验收意见 the 台账 prints.
            updated.opinion = (opinion?.trimmed ?? "同意销号") + (reason.map { "（销号理由：\($0)）" } ?? "")
        case .reopen:
            break
        case .verify(let result, let note):
            guard row.verification == .pending else {
                let state = row.verification.map { "已核实为\($0.label)" } ?? "不是待核实的线索"
                return .failure(RectifyError("第 \(row.number) 项\(state)，无需核实"))
            }
            guard result != .pending else { return .failure(RectifyError("核实结果应为 \(LeadVerification.results) 之一")) }
            guard let note = note.trimmed else { return .failure(RectifyError("请写明核实情况（--note）")) }
            updated.verification = result
            updated.verificationNote = note
            updated.notes.append("\(Day.string(now))：核实\(result.label)：\(note)")
        case .receipt(let name):
            guard row.unit != nil, from == .assigned || from == .inProgress else {
                return .failure(RectifyError("第 \(row.number) 项\(row.stateLabel)，不在待签收之列"))
            }
            guard row.receiptName == nil else {
                return .failure(RectifyError("第 \(row.number) 项已由\(row.receiptName!)于 \(row.receiptAt.flatMap(Timestamp.date).map(Day.string) ?? "此前") 签收"))
            }
            guard let name = name.trimmed, name.count <= 32, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                return .failure(RectifyError("请填写签收人姓名（不超过 32 个字）"))
            }
            updated.receiptName = name
            updated.receiptAt = Timestamp.string(now)
        case .urge(let note):
            guard from == .assigned || from == .inProgress else {
                return .failure(RectifyError("第 \(row.number) 项\(row.stateLabel)，只能催办已交办、尚未整改完成的事项"))
            }
            updated.urges.append(Day.string(now) + (note?.trimmed.map { "：\($0)" } ?? ""))
        }
        if to < .signedOff {
            updated.signer = nil
            updated.signedOffAt = nil
            updated.opinion = nil
        }
        if to < .rectified { updated.completedOn = nil }
        updated.status = to
        var changes = changes(from: row, to: updated, reason: reason)
        if case .signOff = action {
            // What the leader had before them: every evidence file by its whole hash.
            let files = updated.evidenceFiles.map { "\($0.name) \($0.sha256)" }
            changes.append(FieldChange(field: "signedEvidence", old: nil, new: files.isEmpty ? "（无文件，仅说明）" : files.joined(separator: "；")))
        }
        return .success((updated, changes))
    }

    static func badDay(_ text: String) -> RectifyError {
        RectifyError("时限“\(text)”无效，应为 2026-12-31 这样的日期")
    }

    static func changes(from old: RectificationRow, to new: RectificationRow, reason: String?) -> [FieldChange] {
        let fields: [(String, String?, String?)] = [
            ("status", old.status.rawValue, new.status.rawValue), ("unit", old.unit, new.unit),
            ("deadline", old.deadline, new.deadline), ("note", old.notes.last, new.notes.last), ("evidence", old.evidence, new.evidence),
            ("signer", old.signer, new.signer), ("signedOffAt", old.signedOffAt, new.signedOffAt),
            ("measures", old.measures.map(\.summary).joined(separator: "；"), new.measures.map(\.summary).joined(separator: "；")),
            ("partners", old.partners.joined(separator: "、"), new.partners.joined(separator: "、")),
            ("category", old.category?.label, new.category?.label), ("owner", old.owner, new.owner),
            ("completedOn", old.completedOn, new.completedOn), ("opinion", old.opinion, new.opinion),
            ("verification", old.verification?.rawValue, new.verification?.rawValue), ("urge", old.urges.last, new.urges.last),
            ("receipt", old.receiptName, new.receiptName), ("assignedOn", old.assignedOn, new.assignedOn),
        ]
        var changes = fields.map { ($0.0, $0.1?.nilIfEmpty, $0.2?.nilIfEmpty) }.filter { $0.1 != $0.2 }
            .map { FieldChange(field: $0.0, old: $0.1, new: $0.2) }
        if let reason { changes.append(FieldChange(field: "reason", old: nil, new: reason)) }
        return changes
    }
}

/// Why a workflow step was refused, in Chinese.
public struct RectifyError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

extension String {
    var trimmed: String? { trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty }
    /// The string, or nil when it is empty.
    public var nilIfEmpty: String? { isEmpty ? nil : self }
}
