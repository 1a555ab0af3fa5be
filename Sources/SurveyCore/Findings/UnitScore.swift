import Foundation

/// How one unit did with what was handed to it (考核): rows handed over, done by or after their
/// 时限, overdue, the working days it took, the 回访 and the 催办 it needed.
public struct UnitScore: Codable, Sendable, Equatable {
    public var unit: String
    /// Rows it leads that were handed to it (leads found untrue left out).
    public var handed = 0
    /// 按期办结, 逾期办结, 逾期未办结, and still within their 时限.
    public var onTime = 0
    public var late = 0
    public var overdue = 0
    public var open = 0
    /// Working days from 交办 to 办结, summed over the rows whose both days are known, and how many.
    public var workingDays = 0
    public var timedRows = 0
    /// 回访 answers and those 满意 or 基本满意.
    public var followUpAnswers = 0
    public var followUpSatisfied = 0
    /// 催办 recorded on its rows.
    public var urges = 0

    public init(unit: String) { self.unit = unit }

    /// Rows due by now (done, or past their 时限), of which `onTime` were done in time.
    public var due: Int { onTime + late + overdue }

    /// Every unit's figures from `rows`, the units in order of their first row; `calendar` counts the
    /// working days to 办结. Only problems count, as in the report: a lead still being checked, or
    /// found untrue, is no row of the unit's yet. A row done on a day not known (an imported 台账's
    /// 已完成) is handed and done, but neither on time nor late.
    public static func scores(of rows: [RectificationRow], calendar: WorkCalendar, at now: Date) -> [UnitScore] {
        var scores: [String: UnitScore] = [:]
        var order: [String] = []
        for row in rows.sorted(by: { $0.number < $1.number }) {
            guard let unit = row.unit, row.status >= .assigned, row.isProblem else { continue }
            if scores[unit] == nil { order.append(unit) }
            var score = scores[unit] ?? UnitScore(unit: unit)
            score.handed += 1
            if row.status >= .rectified {
                if let done = row.completedOn {
                    if let deadline = row.deadline, done > deadline { score.late += 1 } else { score.onTime += 1 }
                }
                if let start = row.assignedOn, let done = row.completedOn {
                    score.workingDays += calendar.workingDays(from: start, to: done)
                    score.timedRows += 1
                }
            } else if row.isOverdue(at: now) {
                score.overdue += 1
            } else {
                score.open += 1
            }
            if let followUp = row.followUp {
                score.followUpAnswers += followUp.answered
                score.followUpSatisfied += followUp.satisfied + followUp.basic
            }
            score.urges += row.urges.count
            scores[unit] = score
        }
        return order.compactMap { scores[$0] }
    }
}
