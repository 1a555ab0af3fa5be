import Foundation

/// JSON with sorted keys, so that equal values always give equal bytes.
public enum CanonicalJSON {
    /// Encodes `value` canonically.
    public static func bytes<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Our own model types always encode; a failure here is a programming error.
        return Array(try! encoder.encode(value))
    }

    /// The canonical JSON of a submission's answers: the same bytes as `bytes(_:)`, written directly
    /// for the common case (ASCII keys, no control characters, whole numbers); anything else goes
    /// through the encoder. A differential test pins the two together.
    public static func answers(_ answers: [String: AnswerValue]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(answers.count * 24 + 2)
        let keys = answers.keys.sorted()
        for (index, key) in keys.enumerated() {
            guard key.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x80 }) else { return bytes(answers) }
            if index > 0 { out.append(UInt8(ascii: ",")) }
            guard appendString(key, to: &out) else { return bytes(answers) }
            out.append(UInt8(ascii: ":"))
            switch answers[key]! {
            case .text(let text):
                guard appendString(text, to: &out) else { return bytes(answers) }
            case .bool(let flag):
                out += flag ? Array("true".utf8) : Array("false".utf8)
            case .number(let number):
                guard number.rounded() == number, abs(number) < 1e15, !(number == 0 && number.sign == .minus) else { return bytes(answers) }
                out += Array(String(Int64(number)).utf8)
            case .choices(let choices):
                out.append(UInt8(ascii: "["))
                for (position, choice) in choices.enumerated() {
                    if position > 0 { out.append(UInt8(ascii: ",")) }
                    guard appendString(choice, to: &out) else { return bytes(answers) }
                }
                out.append(UInt8(ascii: "]"))
            }
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Appends `text` as a JSON string; false for text with control characters (left to the encoder).
    /// Writes `"` and `\` escaped and everything else, `/` and non-ASCII included, as it is.
    @discardableResult
    static func appendString(_ text: String, to out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case 0..<0x20, 0x7f: return false
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return true
    }

    /// Encodes `value` canonically as a string.
    public static func string<T: Encodable>(_ value: T) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }
}
