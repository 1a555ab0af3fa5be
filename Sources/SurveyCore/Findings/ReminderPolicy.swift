/// When the office chases a row by itself (督办): some working days before its 时限, on the first
/// working day after it, and with a 督办 once it is overdue by more than some working days.
public struct ReminderPolicy: Codable, Sendable, Equatable {
    /// Working days before the 时限 at which the unit is reminded.
    public var before: Int
    /// Working days past the 时限 after which the row is 督办 (escalated to the unit's leadership).
    public var superviseAfter: Int

    public init(before: Int = 3, superviseAfter: Int = 5) {
        self.before = before
        self.superviseAfter = superviseAfter
    }
}
