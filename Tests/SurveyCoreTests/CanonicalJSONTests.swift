import Foundation
import SurveyCore
import Testing

/// The direct writer of answers must give the encoder's very bytes: they are stored, and an identical
/// resend is recognised by comparing them.
@Suite struct CanonicalJSONTests {
    static let pieces = [
        "", "a", "是", "“引号”", "\"", "\\", "/", "a/b", "\u{7f}", "\n", "\t", "\u{1}", "😀", "e\u{301}", "🇨🇳", "\u{2028}",
        "<script>", "&amp;", "0", "true", "unknown",
    ]

    static func randomText(_ generator: inout some RandomNumberGenerator) -> String {
        (0..<Int.random(in: 0...4, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    static func randomValue(_ generator: inout some RandomNumberGenerator) -> AnswerValue {
        switch Int.random(in: 0...5, using: &generator) {
        case 0: return .text(randomText(&generator))
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .number(Double(Int.random(in: -1000...1000, using: &generator)))
        case 3: return .number([0.5, -0.25, 1e15, 1e16, 123456789012345, -0.0, 3.14159, 1e-7, 2.5e20].randomElement(using: &generator)!)
        case 4: return .choices((0..<Int.random(in: 0...3, using: &generator)).map { _ in randomText(&generator) })
        default: return .number(Double(Int.random(in: 0...10, using: &generator)))
        }
    }

    @Test func answersAreWrittenAsTheEncoderWritesThem() {
        let plain: [String: AnswerValue] = ["b": .number(4), "a": .choices(["x", "是"]), "c": .text(#"a/"b"\"#), "d": .bool(false)]
        #expect(String(decoding: CanonicalJSON.answers(plain), as: UTF8.self) == #"{"a":["x","是"],"b":4,"c":"a/\"b\"\\","d":false}"#)
        #expect(CanonicalJSON.answers(plain) == CanonicalJSON.bytes(plain))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            var answers: [String: AnswerValue] = [:]
            for _ in 0..<Int.random(in: 0...8, using: &generator) {
                let key =
                    Bool.random(using: &generator)
                    ? ["overall", "q_1", "a", "B", "z-9", "Zeta"].randomElement(using: &generator)!
                    : Self.randomText(&generator)
                answers[key] = Self.randomValue(&generator)
            }
            let direct = CanonicalJSON.answers(answers)
            let encoded = CanonicalJSON.bytes(answers)
            #expect(direct == encoded, "\(String(decoding: encoded, as: UTF8.self)) written as \(String(decoding: direct, as: UTF8.self))")
            if direct != encoded { return }
        }
    }
}

/// Acks are written directly too; they must be the bytes the encoder gives for the same fields.
@Suite struct AckBytesTests {
    struct ReferenceAck: Encodable {
        let id: String, storedAt: String, survey: String, type = "ack", v = 1, version: Int
    }

    @Test func anAckIsTheEncodersBytes() {
        let at = Date(timeIntervalSince1970: 1_764_400_000.123)
        for (id, survey, version) in [("7D9F7E0A-0B7C-4D55-9A57-0C6A1B2C3D4E", "annual-2022", 3), ("x\"y", "s/\\t", 12345), ("a\nb", "s", 1)] {
            let record = SubmissionRecord(
                id: id.lowercased(), supervisorID: "S1", survey: survey, version: version, answersJSON: "{}",
                receivedAt: at, storedAt: at)
            let reference = CanonicalJSON.bytes(ReferenceAck(id: id, storedAt: Timestamp.string(at), survey: survey, version: version))
            #expect(ServerMessage.ack(record, id: id) == reference, "\(id)")
        }
    }
}

/// A key carries a hash made once; it must still encode as before and equal what it decodes to.
@Suite struct FindingKeyTests {
    @Test func aKeyRoundTripsAndHashesLikeItsEqual() throws {
        let keys = [
            FindingKey(item: "R08", problem: "仍存在涉企乱收费现象"), FindingKey(item: "R08", problem: "仍存在涉企乱收费现象", round: "2023 年度"),
            FindingKey(item: "R08", problem: "仍存在涉企乱收费现象", caseID: "abc", round: "ignored"),
        ]
        for key in keys {
            let json = CanonicalJSON.bytes(key)
            #expect(!String(decoding: json, as: UTF8.self).contains("digest"))
            let back = try JSONDecoder().decode(FindingKey.self, from: Data(json))
            #expect(back == key && back.hashValue == key.hashValue)
        }
        #expect(Set(keys).count == 3 && keys[2].round == nil)
        #expect(FindingKey(item: "R08", problem: "仍存在涉企乱收费现象") == keys[0])
        #expect(FindingKey(item: "R08", problem: "仍存在涉企乱收费现象。") != keys[0])
    }
}
