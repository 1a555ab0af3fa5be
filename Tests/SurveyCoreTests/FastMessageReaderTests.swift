import Foundation
import SurveySamples
import Testing

@testable import SurveyCore

/// The fast reader of client messages never decides anything the full decoder would not: where it
/// returns a message, the full decoder returns the same one; everything else goes the full path.
struct FastMessageReaderTests {
    static let uuid = "7D9F7E0A-0B7C-4D55-9A57-0C6A1B2C3D4E"
    static let valid = [
        #"{"v":1,"type":"hello","token":"0123456789abcdef0123456789abcdef"}"#,
        #" { "type" : "watch" , "v" : 1 , "token" : "abc", "survey": "annual-2022" } "#,
        #"{"v":1,"type":"watch","token":"abc"}"#,
        #"{"v":1,"type":"received","survey":"haocaiping-followup","version":1}"#,
        #"{"v":1,"type":"opened","survey":"haocaiping-followup","version":12,"extra":"ignored"}"#,
        #"{"v":1,"type":"submit","id":"\#(uuid)","survey":"annual-2022","version":3,"answers":{}}"#,
        #"{"v":1,"type":"submit","id":"\#(uuid.lowercased())","survey":"s","version":1,"answers":{"a":true,"b":false,"c":4,"d":-2.5e3,"e":0.125,"f":"办事\"很\"快\\n/","g":["x","y"],"h":[],"i":"","j":0}}"#,
    ]

    @Test func theFastPathTakesTheCommonMessagesAndAgreesWithTheFullDecoder() throws {
        for text in Self.valid {
            let bytes = Array(text.utf8)
            let fast = try #require(FastMessageReader.fields(of: bytes).flatMap(ClientMessage.message(from:)), "\(text)")
            #expect(ClientMessage.decodeFully(bytes) == .success(fast), "\(text)")
        }
    }

    @Test func unusualInputGoesTheFullPath() {
        let uuid = Self.uuid
        let unusual = [
            #"{"v":1,"type":"hello","token":"\u0041"}"#,  // \u escapes
            #"{"v":1.0,"type":"hello","token":"x"}"#,  // a fraction where an integer belongs
            #"{"v":1,"type":"hello","token":"x","token":"y"}"#,  // duplicate key
            #"{"v":1,"type":"received","survey":"s","version":01}"#,  // leading zero
            #"{"v":1,"type":"submit","id":"\#(uuid)","survey":"s","version":1,"answers":{"a":1e999}}"#,
            #"{"v":1,"type":"submit","id":"\#(uuid)","survey":"s","version":1,"answers":{"a":[1]}}"#,
            #"{"v":1,"type":"submit","id":"\#(uuid)","survey":"s","version":1,"answers":{"a":null}}"#,
            #"{"v":1,"type":"submit","id":"\#(uuid)","survey":"s","version":1,"answers":{"a":.5}}"#,
            #"{"v":1,"type":"submit","id":"not-a-uuid","survey":"s","version":1,"answers":{}}"#,
            #"{"v":2,"type":"hello","token":"x"}"#,
            #"{"v":1,"type":"hello","token":"x"} trailing"#,
            #"{"v":1,"type":"hello","nested":{"token":"x"}}"#,
        ]
        for text in unusual {
            #expect(FastMessageReader.fields(of: Array(text.utf8)).flatMap(ClientMessage.message(from:)) == nil, "\(text)")
        }
    }

    static let jsonBytes = Array(#"{}[]":,-.e0\ "#.utf8)

    /// Mutations of valid messages (flipped, dropped, inserted and duplicated bytes).
    @Test func onMutatedMessagesTheFastPathNeverDisagrees() {
        var random = SplitMix64(seed: 7)
        var taken = 0
        for round in 0..<20_000 {
            var bytes = Array(Self.valid[round % Self.valid.count].utf8)
            for _ in 0..<(1 + Int(random.next() % 3)) {
                if bytes.isEmpty { bytes = [0x7B] }
                let position = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 4 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.remove(at: position)
                case 2: bytes.insert(Self.jsonBytes[Int(random.next() % UInt64(Self.jsonBytes.count))], at: position)
                default: bytes.insert(bytes[position], at: position)
                }
            }
            guard let fast = FastMessageReader.fields(of: bytes).flatMap(ClientMessage.message(from:)) else { continue }
            taken += 1
            #expect(ClientMessage.decodeFully(bytes) == .success(fast), "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(taken > 1_000)  // the comparison did happen often
    }
}
