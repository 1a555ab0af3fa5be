/// A test on one answer, used by finding rules and skip logic.
public enum AnswerCondition: Codable, Sendable, Equatable {
    /// A `yesno` answer equals this value.
    case equals(Bool)
    /// A `single` answer is one of these options, or a `multiple` answer includes one of them.
    case anyOf([String])
    /// A `rating` or `number` answer is at most this value.
    case atMost(Double)
    /// A `rating` or `number` answer is at least this value.
    case atLeast(Double)

    /// Whether `answer` meets the condition. No answer never does.
    public func matches(_ answer: AnswerValue?) -> Bool {
        switch (self, answer) {
        case (.equals(let expected), .bool(let value)?): value == expected
        case (.anyOf(let options), .text(let choice)?): options.contains(choice)
        case (.anyOf(let options), .choices(let choices)?): choices.contains(where: options.contains)
        case (.atMost(let limit), .number(let value)?): value <= limit
        case (.atLeast(let limit), .number(let value)?): value >= limit
        default: false
        }
    }

    /// The question types this condition can test.
    public var applicableTypes: Set<QuestionType> {
        switch self {
        case .equals: [.yesno]
        case .anyOf: [.single, .multiple]
        case .atMost, .atLeast: [.rating, .number]
        }
    }

    private enum Key: String, CodingKey { case equals, anyOf, atMost, atLeast }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if let value = try container.decodeIfPresent(Bool.self, forKey: .equals) {
            self = .equals(value)
        } else if let value = try container.decodeIfPresent([String].self, forKey: .anyOf) {
            self = .anyOf(value)
        } else if let value = try container.decodeIfPresent(Double.self, forKey: .atMost) {
            self = .atMost(value)
        } else if let value = try container.decodeIfPresent(Double.self, forKey: .atLeast) {
            self = .atLeast(value)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "no condition"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .equals(let value): try container.encode(value, forKey: .equals)
        case .anyOf(let value): try container.encode(value, forKey: .anyOf)
        case .atMost(let value): try container.encode(value, forKey: .atMost)
        case .atLeast(let value): try container.encode(value, forKey: .atLeast)
        }
    }
}
