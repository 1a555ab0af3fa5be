import Foundation

/// Finds a key that appears twice in one JSON object, at any depth. Foundation's decoders keep one
/// of the two silently (and browsers the other), so the server refuses such messages instead.
public enum DuplicateKeyScanner {
    /// The first repeated key, decoded, or nil when every object's keys are distinct.
    public static func firstDuplicate(in bytes: [UInt8]) -> String? {
        // One entry per open object (its keys so far) or array (nil).
        var open: [Set<String>?] = []
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"): open.append([])
            case UInt8(ascii: "["): open.append(nil)
            case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = open.popLast()
            case UInt8(ascii: "\""):
                let start = index
                var escaped = false
                index += 1
                while index < bytes.count, escaped || bytes[index] != UInt8(ascii: "\"") {
                    escaped = !escaped && bytes[index] == UInt8(ascii: "\\")
                    index += 1
                }
                let literal = bytes[start..<min(index + 1, bytes.count)]
                var next = index + 1
                while next < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[next]) { next += 1 }
                if next < bytes.count, bytes[next] == UInt8(ascii: ":"), let innermost = open.indices.last, open[innermost] != nil {
                    let key = decode(literal)
                    // Inserted in place: no copy of the set per key, however many keys an object has.
                    if open[innermost]?.insert(key).inserted == false { return key }
                }
            default: break
            }
            index += 1
        }
        return nil
    }

    /// A string literal's text, escapes resolved (so `"a"` and `"\u0061"` are the same key).
    private static func decode(_ literal: ArraySlice<UInt8>) -> String {
        guard literal.contains(UInt8(ascii: "\\")) else { return String(decoding: literal.dropFirst().dropLast(), as: UTF8.self) }
        return (try? JSONSerialization.jsonObject(with: Data(literal), options: .fragmentsAllowed)) as? String
            ?? String(decoding: literal, as: UTF8.self)
    }
}
