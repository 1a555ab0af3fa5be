/// One answer as it travels in JSON: a string, a number, a boolean or a list of strings.
public enum AnswerValue: Codable, Sendable, Equatable {
    case text(String)
    case number(Double)
    case bool(Bool)
    case choices([String])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .text(value)
        } else if let value = try? container.decode([String].self) {
            self = .choices(value)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "an answer must be a string, number, boolean or list of strings")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .choices(let value): try container.encode(value)
        }
    }
}
