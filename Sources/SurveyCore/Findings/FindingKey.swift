import Foundation

/// Identifies one row of the rectification list: a problem under its lead review item, and for a
/// case lead (个案线索) the submission that raised it. A later survey that uses the same wording adds
/// to the same concentrated row; every case is a row of its own.
public struct FindingKey: Hashable, Codable, Sendable, Comparable {
    /// The lead review item (the rule's `item`, or its question's first).
    public let item: String
    /// The problem's wording (存在问题).
    public let problem: String
    /// For a case lead: the id of the submission that raised it.
    public let caseID: String?
    /// The self-inspection round (自查批次) of a concentrated problem, when its survey names one.
    public let round: String?
    /// The hash of the parts, made once: a key is looked up several times for every answer counted.
    private let digest: Int

    public init(item: String, problem: String, caseID: String? = nil, round: String? = nil) {
        self.item = item
        self.problem = problem
        self.caseID = caseID
        self.round = caseID == nil ? round : nil
        var hasher = Hasher()
        for part in [item, problem, caseID ?? "", self.round ?? ""] {
            hasher.combine(part.utf8.count)
            part.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
                ?? part.utf8.forEach { hasher.combine($0) }
        }
        hasher.combine(caseID == nil)
        hasher.combine(self.round == nil)
        digest = hasher.finalize()
    }

    enum CodingKeys: String, CodingKey { case item, problem, caseID, round }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            item: try container.decode(String.self, forKey: .item), problem: try container.decode(String.self, forKey: .problem),
            caseID: try container.decodeIfPresent(String.self, forKey: .caseID),
            round: try container.decodeIfPresent(String.self, forKey: .round))
    }

    /// The key as one string, for storage.
    public var id: String { item + "｜" + problem + (caseID.map { "｜" + $0 } ?? "") + (round.map { "｜批次：" + $0 } ?? "") }

    /// The concentrated problem this key belongs to (itself, without a case).
    public var problemKey: FindingKey { FindingKey(item: item, problem: problem, round: round) }

    /// Whether `other` is the same problem in another round (for 回头看).
    public func isSameProblem(as other: FindingKey) -> Bool {
        caseID == nil && other.caseID == nil && item == other.item && problem == other.problem && round != other.round
    }

    // Equal and hashed by the UTF-8 bytes of its parts: the wording comes from the survey files as
    // written, and String's own hashing normalises Chinese text on every lookup, several times for
    // every answer counted.
    public static func == (lhs: FindingKey, rhs: FindingKey) -> Bool {
        lhs.digest == rhs.digest && sameBytes(lhs.item, rhs.item) && sameBytes(lhs.problem, rhs.problem)
            && optionalBytesEqual(lhs.caseID, rhs.caseID) && optionalBytesEqual(lhs.round, rhs.round)
    }

    /// Whether two strings have the same UTF-8 bytes, compared as memory where they are contiguous.
    private static func sameBytes(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        let compared = lhs.utf8.withContiguousStorageIfAvailable { left in
            rhs.utf8.withContiguousStorageIfAvailable { right in
                left.isEmpty || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0
            }
        }
        return (compared ?? nil) ?? lhs.utf8.elementsEqual(rhs.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(digest)
    }

    private static func optionalBytesEqual(_ lhs: String?, _ rhs: String?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): true
        case (let left?, let right?): sameBytes(left, right)
        default: false
        }
    }

    public static func < (lhs: FindingKey, rhs: FindingKey) -> Bool {
        (lhs.item, lhs.problem, lhs.caseID ?? "") < (rhs.item, rhs.problem, rhs.caseID ?? "")
    }
}
