/// What a write changed, announced to the other server nodes on the same store (PostgreSQL's
/// NOTIFY, sent with the transaction's commit). SQLite has one node and announces nothing.
public enum StoreChange: String, Sendable, CaseIterable {
    /// Submissions were committed (the announcement lists their ids).
    case submissions
    /// A survey was launched, reopened, updated or closed.
    case surveys
    case roster
    /// Comments were approved or rejected.
    case comments
    case projectorTokens = "projector_tokens"
    /// 回访 were started, answered or withdrawn.
    case followUps = "followups"
    /// The 整改台账, its evidence, the 自查 text or the units changed.
    case register
    /// Admin, staff or unit tokens changed.
    case tokens
    /// Staff reminded a survey's audience (the announcement names the survey).
    case remind
}

/// One announcement: the node that made it, what changed, and an argument (submission ids, or a
/// survey). Its text form is what travels as the NOTIFY payload.
public struct StoreAnnouncement: Sendable, Equatable {
    public var node: String
    public var changes: Set<StoreChange>
    public var argument: String

    public init(node: String, changes: Set<StoreChange>, argument: String = "") {
        self.node = node
        self.changes = changes
        self.argument = argument
    }

    /// PostgreSQL's limit on a payload is 8000 bytes; submission ids go in chunks well below it.
    static let idsPerAnnouncement = 100

    public var payload: String {
        node + "\t" + changes.map(\.rawValue).sorted().joined(separator: ",") + "\t" + argument
    }

    /// Reads a payload; nil when it is not one of ours.
    public init?(payload: String) {
        let parts = payload.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty else { return nil }
        let changes = parts[1].split(separator: ",").compactMap { StoreChange(rawValue: String($0)) }
        guard !changes.isEmpty else { return nil }
        self.init(node: String(parts[0]), changes: Set(changes), argument: String(parts[2]))
    }
}
