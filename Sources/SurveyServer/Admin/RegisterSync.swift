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

    /// One sync at a time, wherever it runs, and the stored rows' numbers by key (read once, then
    /// kept: only a sync adds rows while the server runs, on this node or, announced, on another).
    final class Gate: Sendable {
        let numbers = Mutex<[FindingKey: Int]?>(nil)

        /// Another node stored rows: the numbers are read again at the next run.
        func forget() { numbers.withLock { $0 = nil } }
    }

    /// Returns the units whose open pages are due fresh rows (those of a reopened row). Touches the
    /// database only when the findings hold something new, and then reads no stored row but a
    /// reopened one's.
    func run(at now: Date) throws -> Set<String> {
        try gate.numbers.withLock { known in
            let numbers = try known ?? database.rectificationNumbers()
            known = numbers
            guard Register.hasNew(tally: findings, known: Set(numbers.keys), threshold: threshold) else { return [] }
            let fresh = Register.fresh(
                tally: findings, numbers: numbers, reviewItems: reviewItems, threshold: threshold, calendar: calendar,
                approvedComments: try database.approvedCommentIDs())
            guard !fresh.isEmpty else { return [] }
            try database.addRectificationRows(fresh, at: now)
            known = numbers.merging(fresh.map { ($0.key, $0.number) }, uniquingKeysWith: max)
            let returning = fresh.filter { $0.previous != nil }
            guard !returning.isEmpty else { return [] }
            let rows = try database.rectificationRows()
            var units: Set<String> = []
            for row in returning {
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
