import Foundation

/// A staff action on a rectification row.
public enum RectifyAction: Codable, Sendable, Equatable {
    /// Give the row a responsible unit, a measure and a deadline (`yyyy-MM-dd`).
    case assign(unit: String, measure: String, deadline: String)
    /// Record progress.
    case progress(note: String)
    /// The measure is carried out; `evidence` shows it.
    case done(evidence: String)
    /// Close the row (销号).
    case signOff(by: String)

    var target: RectificationStatus {
        switch self {
        case .assign: .assigned
        case .progress: .inProgress
        case .done: .rectified
        case .signOff: .signedOff
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
        let from = row.status, to = action.target
        if from == .signedOff && to == .signedOff {
            return .failure(RectifyError("第 \(row.number) 项已销号"))
        }
        let jump = to.step - from.step
        if (jump > 1 || jump < 0) && reason == nil {
            let kind = jump > 1 ? "跳过步骤" : "退回"
            return .failure(RectifyError("从“\(from.label)”到“\(to.label)”属于\(kind)，须用 --reason 说明理由"))
        }
        var updated = row
        switch action {
        case .assign(let unit, let measure, let deadline):
            guard let unit = unit.trimmed, let measure = measure.trimmed else {
                return .failure(RectifyError("交办须填写责任单位和整改措施"))
            }
            guard Day.parse(deadline) != nil else {
                return .failure(RectifyError("整改时限“\(deadline)”无效，应为 2026-12-31 这样的日期"))
            }
            updated.unit = unit
            updated.measure = measure
            updated.deadline = deadline
        case .progress(let note):
            guard let note = note.trimmed else { return .failure(RectifyError("请填写进展情况")) }
            updated.notes.append("\(Day.string(now))：\(note)")
        case .done(let evidence):
            guard let evidence = evidence.trimmed else { return .failure(RectifyError("完成整改须提供佐证材料说明")) }
            updated.evidence = evidence
        case .signOff(let signer):
            guard let signer = signer.trimmed else { return .failure(RectifyError("销号须写明销号人")) }
            guard updated.evidence != nil else { return .failure(RectifyError("销号前须先提交整改佐证材料（rectify done --evidence）")) }
            updated.signer = signer
            updated.signedOffAt = Timestamp.string(now)
        }
        if to < .signedOff {
            updated.signer = nil
            updated.signedOffAt = nil
        }
        updated.status = to
        return .success((updated, changes(from: row, to: updated, reason: reason)))
    }

    static func changes(from old: RectificationRow, to new: RectificationRow, reason: String?) -> [FieldChange] {
        let fields: [(String, String?, String?)] = [
            ("status", old.status.rawValue, new.status.rawValue), ("unit", old.unit, new.unit), ("measure", old.measure, new.measure),
            ("deadline", old.deadline, new.deadline), ("note", old.notes.last, new.notes.last), ("evidence", old.evidence, new.evidence),
            ("signer", old.signer, new.signer), ("signedOffAt", old.signedOffAt, new.signedOffAt),
        ]
        var changes = fields.filter { $0.1 != $0.2 }.map { FieldChange(field: $0.0, old: $0.1, new: $0.2) }
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
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
