import Foundation

/// One recorded change of a 台账 row (`rectification_changes`): the field, its old and new value as
/// the history stores them, when (ISO 8601), and its place in the history (later changes higher).
public struct RowChange: Sendable, Equatable {
    public var field: String
    public var old: String?
    public var new: String?
    public var at: String
    public var sequence: Int

    public init(field: String, old: String?, new: String?, at: String, sequence: Int) {
        self.field = field
        self.old = old
        self.new = new
        self.at = at
        self.sequence = sequence
    }
}

/// A row as it stood at an earlier moment, from its present state and the changes made since: each
/// later change is undone, newest first. Files uploaded, 催办 and 回访 sent later are left out.
public enum RowHistory {
    /// `row` as it stood at `cutoff` (ISO 8601), given its changes (any order).
    public static func rewind(_ row: RectificationRow, changes: [RowChange], to cutoff: String) -> RectificationRow {
        guard let cutoffDate = Timestamp.date(cutoff) else { return row }
        let cutoffDay = Day.string(cutoffDate.addingTimeInterval(-0.001))
        var row = row
        for change in changes.filter({ $0.at > cutoff }).sorted(by: { ($0.at, $0.sequence) > ($1.at, $1.sequence) }) {
            undo(change, on: &row)
        }
        // What carries its own day or time: later files, measures done later, later 催办, a later 回访.
        row.evidenceFiles = row.evidenceFiles.filter { $0.at <= cutoff }
        for index in row.measures.indices where (row.measures[index].doneOn ?? "") > cutoffDay { row.measures[index].doneOn = nil }
        row.urges = row.urges.filter { String($0.prefix(10)) <= cutoffDay }
        row.notes = row.notes.filter { !($0.prefix(10).allSatisfy { $0.isNumber || $0 == "-" }) || String($0.prefix(10)) <= cutoffDay }
        if let followUp = row.followUp, (followUp.sentAt ?? "") > cutoff { row.followUp = nil }
        return row
    }

    /// Puts back the value a change replaced.
    static func undo(_ change: RowChange, on row: inout RectificationRow) {
        let old = change.old
        switch change.field {
        case "status": if let status = old.flatMap(RectificationStatus.init(rawValue:)) { row.status = status }
        case "unit": row.unit = old
        case "deadline": row.deadline = old
        case "evidence": row.evidence = old
        case "signer": row.signer = old
        case "signedOffAt": row.signedOffAt = old
        case "partners": row.partners = old.map { $0.split(separator: "、").map(String.init) } ?? []
        case "category": row.category = old.flatMap(RectificationCategory.init(named:))
        case "owner": row.owner = old
        case "completedOn": row.completedOn = old
        case "opinion": row.opinion = old
        case "verification": row.verification = old.flatMap(LeadVerification.init(rawValue:))
        case "handoverNumber": row.handoverNumber = old
        case "assignedOn": row.assignedOn = old
        case "deadlineWorkingDays": row.deadlineWorkingDays = old.flatMap { Int($0) }
        case "receipt":
            row.receiptName = old
            if old == nil { row.receiptAt = nil }
        case "measures":
            // Measures are only ever added: as many as the old summary lists stay.
            let count = old.map { $0.split(separator: "；").count } ?? 0
            if count < row.measures.count { row.measures = Array(row.measures.prefix(count)) }
        default: break
        }
    }
}
