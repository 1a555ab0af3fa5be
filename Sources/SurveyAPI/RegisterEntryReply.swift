import SurveyCore

/// `POST /api/rectify` and `POST /api/rectify/import` body: problems to enter into the 台账.
public struct RegisterEntries: Codable, Sendable, Equatable {
    public var entries: [RegisterEntry]
    /// Where each entry came from, for messages (an imported file's row numbers), in step with `entries`.
    public var lines: [Int]?

    public init(entries: [RegisterEntry], lines: [Int]? = nil) {
        self.entries = entries
        self.lines = lines
    }
}

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
