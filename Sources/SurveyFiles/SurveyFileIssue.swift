import SurveyCore

/// A problem in a survey file, with where it is.
public struct SurveyFileIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var file: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    public var message: String

    public init(file: String, line: Int, column: Int, severity: Severity = .error, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    /// `file:line:column: 错误：message`, the form editors and terminals understand.
    public var description: String {
        "\(file):\(line):\(column): \(severity == .error ? "错误" : "警告")：\(message)"
    }
}

/// All problems found in one file. Thrown when at least one is an error.
public struct SurveyFileErrors: Error, Sendable, CustomStringConvertible {
    public var issues: [SurveyFileIssue]

    public init(issues: [SurveyFileIssue]) { self.issues = issues }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
