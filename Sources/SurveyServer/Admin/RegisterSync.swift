import Foundation
import SurveyCore
import SurveyStore
import Synchronization

/// Stores the problems newly past the threshold and the new case leads with the next numbers, and
/// reopens an earlier round's closed row when its problem comes back (回头看). It works on a copy of
/// the findings, so it may run off the loop thread; `gate` lets one run at a time.
struct RegisterSync: Sendable {
    let database: SurveyDatabase
    let findings: FindingTally
    let reviewItems: [ReviewItem]
    let threshold: FindingThreshold
    let calendar: WorkCalendar
    let gate: Gate

    /// One sync at a time, wherever it runs, and the keys of the stored rows (read once, then kept:
    /// only a sync adds rows while the server runs).
    final class Gate: Sendable {
        let known = Mutex<Set<FindingKey>?>(nil)
    }

    /// Returns the units whose open pages are due fresh rows (those of a reopened row). Reads and
    /// writes the database only when the findings hold something new.
    func run(at now: Date) throws -> Set<String> {
        try gate.known.withLock { known in
            let keys = try known ?? Set(database.rectificationRows().map(\.key))
            known = keys
            guard Register.hasNew(tally: findings, known: keys, threshold: threshold) else { return [] }
            let stored = try database.rectificationRows()
            let rows = Register.build(
                tally: findings, stored: stored, reviewItems: reviewItems, threshold: threshold, calendar: calendar,
                approvedComments: try database.approvedCommentIDs())
            let storedKeys = Set(stored.map(\.key))
            let fresh = rows.filter { !storedKeys.contains($0.key) }
            known = storedKeys
            guard !fresh.isEmpty else { return [] }
            try database.addRectificationRows(fresh, at: now)
            known = storedKeys.union(fresh.map(\.key))
            var units: Set<String> = []
            for row in fresh {
                guard let previous = row.previous, let earlier = rows.first(where: { $0.number == previous }), earlier.status >= .rectified else {
                    continue
                }
                let reason = "回头看：\(row.key.round ?? "新一轮")自查中再次反映（第 \(row.number) 项）"
                if case .success(let (updated, changes)) = RectificationWorkflow.apply(.reopen, reason: reason, to: earlier, at: now) {
                    try database.saveRectificationRow(updated, changes: changes, actor: "system", at: now)
                    units.formUnion(updated.units)
                }
            }
            return units
        }
    }
}
