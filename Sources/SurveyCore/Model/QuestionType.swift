/// The kinds of question the survey format supports.
public enum QuestionType: String, Codable, Sendable, CaseIterable {
    /// One option id.
    case single
    /// A list of distinct option ids.
    case multiple
    /// A whole number on a scale, 1–5 by default.
    case rating
    /// `true` or `false`.
    case yesno
    /// Any number, optionally within `min`/`max`.
    case number
    /// Free text.
    case text
}
