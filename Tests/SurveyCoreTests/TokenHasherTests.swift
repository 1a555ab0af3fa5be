import Crypto
import Foundation
import SurveyCore
import Testing

/// The token hash is what the database stores: a faster hex encoder must give the very same text.
@Suite struct TokenHasherTests {
    /// What `String(format: "%02x")` per byte gives: the reference the fast encoder must match.
    static func referenceHex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    @Test func hexMatchesTheFormatReferenceOverManyInputs() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 2, 15, 16, 31, 32, 33, 64, 1000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(TokenHasher.hex(bytes) == Self.referenceHex(bytes), "length \(length)")
        }
        #expect(TokenHasher.hex(Array(0...255)) == Self.referenceHex(Array(0...255)))
    }

    @Test func hashesAreTheStoredSHA256HexOfTheToken() {
        for token in ["", "1b1758bdcd1fe195de300d9ef5bdaa53", "令牌", String(repeating: "x", count: 500)] {
            #expect(TokenHasher.hash(token) == Self.referenceHex(SHA256.hash(data: Data(token.utf8))))
        }
        #expect(TokenHasher.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func newTokensAre32LowerCaseHexCharactersAndDiffer() {
        let tokens = (0..<200).map { _ in TokenHasher.makeToken() }
        #expect(tokens.allSatisfy { $0.count == 32 && $0.allSatisfy { "0123456789abcdef".contains($0) } })
        #expect(Set(tokens).count == tokens.count)
    }
}
