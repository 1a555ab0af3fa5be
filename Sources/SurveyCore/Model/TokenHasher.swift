import Crypto
import Foundation

/// Makes personal and admin tokens, hashes them for storage, and looks them up in constant time.
public enum TokenHasher {
    /// A new random token: 128 bits, as 32 lower-case hex characters.
    public static func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return hex((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// SHA-256 of the token, as hex. Only this is ever stored.
    public static func hash(_ token: String) -> String {
        var hasher = SHA256()
        var token = token
        token.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return hasher.finalize().withUnsafeBytes { hex($0) }
    }

    /// SHA-256 of `data` as lower-case hex: tokens, survey contents and evidence files alike.
    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).withUnsafeBytes { hex($0) }
    }

    /// Lower-case hex of `bytes`, written straight into the string's storage (no format machinery:
    /// this runs for every arriving supervisor).
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            digits.withUTF8Buffer { digit in
                var index = 0
                for byte in bytes {
                    buffer[index] = digit[Int(byte >> 4)]
                    buffer[index + 1] = digit[Int(byte & 0x0f)]
                    index += 2
                }
                return index
            }
        }
    }

    /// Finds the entry keyed by the hash of `token`.
    ///
    /// The table is keyed by SHA-256, so a lookup's timing depends only on hash bytes the caller cannot
    /// steer, never on how much of a real token a guess shares.
    public static func lookup<Value>(_ token: String, in table: [String: Value]) -> Value? {
        table[hash(token)]
    }
}
