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

    /// Encodes `value` canonically as a string.
    public static func string<T: Encodable>(_ value: T) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }
}
