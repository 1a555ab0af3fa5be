import SurveyCore

/// The reply to entering problems: the rows made, and the 序号 of those already in the 台账.
public struct RegisterEntryReply: Codable, Sendable, Equatable {
    public var added: [RectificationRow]
    /// Entries found in the 台账 already (the same channel, number, text and day), by their 序号.
    public var existing: [Int]

    public init(added: [RectificationRow], existing: [Int]) {
        self.added = added
        self.existing = existing
    }
}
