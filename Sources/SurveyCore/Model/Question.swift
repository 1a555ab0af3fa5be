/// One question of a survey.
public struct Question: Codable, Sendable, Equatable {
    public var id: String
    public var type: QuestionType
    public var title: String
    public var help: String?
    public var required: Bool
    /// Choices for `single` and `multiple` questions.
    public var options: [ChoiceOption]?
    /// Bounds: the scale of a `rating` (default 1...5) or the range of a `number`.
    public var min: Double?
    public var max: Double?
    /// Longest accepted `text` answer, in characters.
    public var maxLength: Int?
    /// Ids of the review items this question speaks to.
    public var items: [String]?
    /// Which answers count as findings, with the problem's wording.
    public var findings: [FindingRule]?
    /// Skip logic: show only when an earlier answer meets a condition.
    public var showIf: ShowRule?
    /// An indicator (overall satisfaction and the like): reported as 满意率 and means per category,
    /// never as rectification rows.
    public var indicator: Bool?
    /// A text question whose answers are for office staff only (`private: true`): never moderated,
    /// never on the projector or in the report's 典型意见.
    public var isPrivate: Bool?
    /// Asked only of supervisors in these categories (`show_if: {category: [民营企业]}`); nil: everyone.
    public var categories: [String]?
    /// The label of a 不了解/不适用 choice (`single`, `yesno`, `rating`): answered as the text
    /// `unknown`, and left out of means, shares and findings.
    public var unknown: String?

    /// A `number` question answered in whole numbers (a count): the page shows a digits keypad and
    /// decimals are refused.
    public var integer: Bool?

    /// The title of the section this question begins (`section: 政务服务`); the page shows one
    /// section at a time. Nil: the question continues the section before it.
    public var section: String?

    /// The answer that means 不了解/不适用.
    public static let unknownAnswer = "unknown"

    /// Whether `answer` is this question's 不了解/不适用.
    public func isUnknown(_ answer: AnswerValue?) -> Bool {
        unknown != nil && answer == .text(Self.unknownAnswer)
    }

    /// A rating's end labels, low then high (e.g. 很不满意, 很满意), shown under the scale.
    public var labels: [String]?

    public init(
        id: String, type: QuestionType, title: String, help: String? = nil, required: Bool = false,
        options: [ChoiceOption]? = nil, min: Double? = nil, max: Double? = nil, maxLength: Int? = nil,
        items: [String]? = nil, findings: [FindingRule]? = nil, showIf: ShowRule? = nil
    ) {
        self.id = id
        self.type = type
        self.title = title
        self.help = help
        self.required = required
        self.options = options
        self.min = min
        self.max = max
        self.maxLength = maxLength
        self.items = items
        self.findings = findings
        self.showIf = showIf
    }

    /// The scale or range actually in force, with the type's defaults applied.
    public var bounds: ClosedRange<Double>? {
        switch type {
        case .rating: return (min ?? 1)...(max ?? 5)
        case .number:
            guard min != nil || max != nil else { return nil }
            return (min ?? -Double.greatestFiniteMagnitude)...(max ?? Double.greatestFiniteMagnitude)
        default: return nil
        }
    }

    /// The text limit in force for a `text` question.
    public var textLimit: Int { maxLength ?? Question.defaultTextLimit }

    /// Default cap on free-text answers.
    public static let defaultTextLimit = 2000

    /// Whether answering it speaks to its review items: it has a finding rule. An indicator (满意率),
    /// a free-text or a routing question does not, so an item only they name was not asked about.
    public var asksAboutItems: Bool { !(findings ?? []).isEmpty }

    /// The labels of the options `answer` chose, in the question's order; empty for an answer that
    /// chose none (text, numbers, an exclusive 都没有).
    public func chosenLabels(_ answer: AnswerValue?) -> [String] {
        let ids: [String]
        switch answer {
        case .text(let id)?: ids = [id]
        case .choices(let list)?: ids = list
        default: return []
        }
        return (options ?? []).filter { ids.contains($0.id) && $0.exclusive != true }.map(\.label)
    }
}

/// A selectable choice of a `single` or `multiple` question.
public struct ChoiceOption: Codable, Sendable, Equatable {
    public var id: String
    public var label: String
    /// In a `multiple` question, an option that excludes every other (以上都没有遇到).
    public var exclusive: Bool?

    public init(id: String, label: String) {
        self.id = id
        self.label = label
    }
}
