/// A strict reader for the common shape of client messages: one flat JSON object whose values are
/// strings, integers and (under `answers`) an object of booleans, numbers, strings and string lists.
///
/// It exists for speed (Foundation's `JSONDecoder` was the largest cost of an answer) and never
/// decides an error: on anything it does not handle exactly (escapes it does not know, nesting,
/// duplicate keys, fractions where integers belong, invalid UTF-8) it returns nil and
/// `ClientMessage.decode` takes its full path, with its error messages.
struct FastMessageReader {
    /// A top-level value.
    enum Value: Equatable {
        case string(String)
        case integer(Int)
        case answers([String: AnswerValue])
    }

    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The message's fields, or nil when the fast path does not apply.
    static func fields(of bytes: [UInt8]) -> [String: Value]? {
        var reader = FastMessageReader(bytes)
        return reader.object()
    }

    private mutating func object() -> [String: Value]? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var fields: [String: Value] = [:]
        if take(UInt8(ascii: "}")) { return end() ? fields : nil }
        repeat {
            guard let key = string(), take(UInt8(ascii: ":")), fields[key] == nil else { return nil }
            if peek() == UInt8(ascii: "{") {
                guard key == "answers", let answers = answers() else { return nil }
                fields[key] = .answers(answers)
            } else if peek() == UInt8(ascii: "\"") {
                guard let text = string() else { return nil }
                fields[key] = .string(text)
            } else {
                guard let number = integer() else { return nil }
                fields[key] = .integer(number)
            }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) && end() ? fields : nil
    }

    private mutating func answers() -> [String: AnswerValue]? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var answers: [String: AnswerValue] = [:]
        if take(UInt8(ascii: "}")) { return answers }
        repeat {
            guard let key = string(), take(UInt8(ascii: ":")), answers[key] == nil, let value = answer() else { return nil }
            answers[key] = value
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? answers : nil
    }

    private mutating func answer() -> AnswerValue? {
        switch peek() {
        case UInt8(ascii: "\""):
            return string().map(AnswerValue.text)
        case UInt8(ascii: "t"):
            return literal("true") ? .bool(true) : nil
        case UInt8(ascii: "f"):
            return literal("false") ? .bool(false) : nil
        case UInt8(ascii: "["):
            index += 1
            var choices: [String] = []
            if take(UInt8(ascii: "]")) { return .choices(choices) }
            repeat {
                guard peek() == UInt8(ascii: "\""), let choice = string() else { return nil }
                choices.append(choice)
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]")) ? .choices(choices) : nil
        default:
            return number().map(AnswerValue.number)
        }
    }

    // MARK: Tokens

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func peek() -> UInt8? {
        skipSpace()
        return index < bytes.count ? bytes[index] : nil
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    private mutating func end() -> Bool {
        skipSpace()
        return index == bytes.count
    }

    private mutating func literal(_ word: String) -> Bool {
        let word = Array(word.utf8)
        guard bytes.count - index >= word.count, bytes[index..<(index + word.count)].elementsEqual(word) else { return false }
        index += word.count
        return true
    }

    /// A string with the simple escapes only (`\uXXXX` and control characters go the full path).
    private mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        // Most strings have no escapes: made straight from the bytes between the quotes.
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(validating: bytes[start..<(index - 1)], as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            index += 1
        }
        var utf8 = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                default: return nil
                }
            case 0..<0x20:
                return nil
            default:
                utf8.append(byte)
            }
        }
        return nil
    }

    /// A plain integer: an optional minus sign and up to 15 digits, no leading zero.
    private mutating func integer() -> Int? {
        let start = index
        guard let count = integerPart(), count <= 15 else { return nil }
        return Int(String(decoding: bytes[start..<index], as: UTF8.self))
    }

    /// A JSON number (RFC 8259 grammar, checked here: Swift's parser is laxer), as a finite Double.
    private mutating func number() -> Double? {
        let start = index
        guard integerPart() != nil else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return nil }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return nil }
        }
        guard index - start <= 32, let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)), value.isFinite
        else { return nil }
        return value
    }

    /// JSON's integer part, `-?(0|[1-9][0-9]*)`: its digit count, or nil when there is none.
    private mutating func integerPart() -> Int? {
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let first = index
        let count = digits()
        guard count > 0, !(count > 1 && bytes[first] == UInt8(ascii: "0")) else { return nil }
        return count
    }

    /// Skips decimal digits and says how many there were.
    private mutating func digits() -> Int {
        let first = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index - first
    }
}
