/// Identifies one problem under one review item: the stable key of a rectification row. A later
/// survey that uses the same wording adds to the same row.
public struct FindingKey: Hashable, Codable, Sendable, Comparable {
    /// The review item (the question's first listed item).
    public var item: String
    /// The problem's wording (存在问题).
    public var problem: String

    public init(item: String, problem: String) {
        self.item = item
        self.problem = problem
    }

    /// The key as one string, for storage.
    public var id: String { item + "｜" + problem }

    public static func < (lhs: FindingKey, rhs: FindingKey) -> Bool {
        (lhs.item, lhs.problem) < (rhs.item, rhs.problem)
    }
}
