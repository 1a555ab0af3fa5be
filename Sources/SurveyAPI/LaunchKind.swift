/// What a launch did, as the store decides it and the CLI reports it.
public enum LaunchKind: String, Codable, Sendable {
    /// A new version was stored (the first, or the file changed).
    case new
    /// The file is identical to the current version and nothing else changed.
    case unchanged
    /// The file is identical, and the survey was closed: it is open again.
    case reopened
    /// The file is identical, but the deadline or audience changed.
    case updated
}
