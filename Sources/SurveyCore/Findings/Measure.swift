/// One 整改措施 of a row, with its own 时限 and state.
public struct Measure: Codable, Sendable, Equatable {
    public var text: String
    /// 时限, a `yyyy-MM-dd` day.
    public var deadline: String?
    /// The day it was reported done, or nil while open.
    public var doneOn: String?

    public init(text: String, deadline: String? = nil, doneOn: String? = nil) {
        self.text = text
        self.deadline = deadline
        self.doneOn = doneOn
    }

    /// The measure in one line: text, 时限 and state.
    public var summary: String {
        "\(text)（时限 \(deadline ?? "—")，\(doneOn.map { "\($0) 完成" } ?? "未完成")）"
    }
}

/// 整改类别: done at once, by a deadline, or kept up over time.
public enum RectificationCategory: String, Codable, Sendable, CaseIterable {
    case immediate
    case scheduled
    case longTerm = "long_term"

    /// The category in the office's words.
    public var label: String {
        switch self {
        case .immediate: "立行立改"
        case .scheduled: "限期整改"
        case .longTerm: "长期坚持"
        }
    }

    /// The category named by its code or its Chinese label.
    public init?(named name: String) {
        guard let found = Self.allCases.first(where: { $0.rawValue == name || $0.label == name }) else { return nil }
        self = found
    }
}
