import Foundation

/// One reminder a row is due: its kind, the key that makes it once per 时限, and its words.
public struct DeadlineReminder: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// 时限前提醒.
        case before
        /// 逾期提醒, on the first working day after the 时限.
        case overdue
        /// 督办: overdue by more than the policy's working days.
        case supervise
    }

    public var row: Int
    public var kind: Kind
    /// `kind:deadline`: a row is reminded once of each kind for each 时限 it is given.
    public var key: String
    /// The dated entry for the row's 催办 record.
    public var entry: String
    /// The text message to the unit.
    public var text: String

    /// The reminders `rows` are due `today`, none that a row's `reminders` already holds: rows handed
    /// to a unit, not yet rectified, with a 时限.
    public static func due(_ rows: [RectificationRow], calendar: WorkCalendar, policy: ReminderPolicy, today: String) -> [DeadlineReminder] {
        rows.flatMap { row -> [DeadlineReminder] in
            guard row.unit != nil, row.status == .assigned || row.status == .inProgress, !row.isUnfounded, let deadline = row.deadline else { return [] }
            let item = "第 \(row.number) 项整改事项“\(row.key.problem)”"
            var due: [DeadlineReminder] = []
            func add(_ kind: Kind, _ entry: String, _ text: String) {
                let key = "\(kind.rawValue):\(deadline)"
                guard !row.reminders.contains(key) else { return }
                due.append(DeadlineReminder(row: row.number, kind: kind, key: key, entry: "\(today)：\(entry)", text: "【营商环境监督】" + text))
            }
            if today < deadline {
                let left = calendar.workingDays(from: today, to: deadline)
                if left <= policy.before && calendar.isWorkingDay(today) {
                    add(.before, "系统提醒：距整改时限 \(deadline) 还有 \(left) 个工作日", "\(item)距整改时限（\(deadline)）还有 \(left) 个工作日，请按时办结并通过单位链接报送进展。")
                }
            } else if today > deadline {
                let late = calendar.workingDays(from: deadline, to: today)
                if late >= 1 {
                    add(.overdue, "系统提醒：已超过整改时限 \(deadline)", "\(item)已超过整改时限（\(deadline)），请抓紧办理并说明原因。")
                }
                if late > policy.superviseAfter {
                    add(
                        .supervise, "督办：逾期 \(late) 个工作日，报单位主要负责同志督办",
                        "督办：\(item)已逾期 \(late) 个工作日，现予督办，请单位主要负责同志督促办理，并书面反馈整改情况。")
                }
            }
            return due
        }
    }
}
