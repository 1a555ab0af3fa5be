import Crypto
import Foundation

/// Makes personal and admin tokens, hashes them for storage, and looks them up in constant time.
public enum TokenHasher {
    /// A new random token: 128 bits, as 32 lower-case hex characters.
    public static func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// SHA-256 of the token, as hex. Only this is ever stored.
    public static func hash(_ token: String) -> String {
        sha256Hex(Data(token.utf8))
    }

    /// SHA-256 of `data` as lower-case hex: tokens, survey contents and evidence files alike.
    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Finds the entry keyed by the hash of `token`.
    ///
    /// The table is keyed by SHA-256, so a lookup's timing depends only on hash bytes the caller cannot
    /// steer, never on how much of a real token a guess shares.
    public static func lookup<Value>(_ token: String, in table: [String: Value]) -> Value? {
        table[hash(token)]
    }

    /// Compares two strings without stopping at the first difference.
    public static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8), right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
