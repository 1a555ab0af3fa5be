import Foundation
import Synchronization
import Testing

/// Over a thousand generated malformed messages, each answered with a typed error, while good
/// clients on other threads submit; every good answer is acknowledged and stored.
@Suite(.serialized)
struct MalformedFloodTests {
    static let knownCodes: Set<String> = [
        "bad_json", "bad_message", "unsupported_version", "unknown_type", "already_authenticated", "unknown_survey",
        "unknown_version", "survey_closed", "unknown_question", "invalid_answer", "missing_answer", "conflict",
        "already_submitted", "not_invited",
    ]

    /// Deterministic generator of broken messages of many kinds.
    static func malformed(_ index: Int, random: inout SystemRandomNumberGenerator) -> [UInt8] {
        let uuid = UUID().uuidString
        let valid = #"{"v":1,"type":"submit","id":"\#(uuid)","survey":"haocaiping-followup","version":1,"answers":{"rated":true,"satisfaction":4}}"#
        switch index % 12 {
        // Random text: not JSON, but UTF-8 (invalid UTF-8 closes the connection with 1007, see ConformanceTests).
        case 0: return (0..<Int.random(in: 1...200, using: &random)).map { _ in UInt8.random(in: 0...127, using: &random) }
        case 1: return Array(valid.utf8.prefix(Int.random(in: 1..<valid.utf8.count, using: &random)))
        case 2: return Array(#"{"v":1,"type":"submit","id":\#(Int.random(in: 0...9, using: &random)),"survey":[],"version":"1","answers":7}"#.utf8)
        case 3:
            return Array(
                #"{"v":1,"type":"submit","id":"\#(uuid)","survey":"haocaiping-followup","version":1,"answers":{"satisfaction":1e308,"rated":true}}"#.utf8)
        case 4: return Array(#"{"v":1,"type":"submit","id":"\#(uuid)","survey":"haocaiping-followup","version":99999999999999999999,"answers":{}}"#.utf8)
        case 5:
            let depth = Int.random(in: 100...5000, using: &random)
            return Array(("{\"v\":1,\"type\":\"submit\",\"answers\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}").utf8)
        case 6: return Array(#"{"v":1,"type":"\#(["", "SUBMIT", "launch", "hello ", "\u{0}"][index % 5])"}"#.utf8)
        case 7: return Array(#"{"v":\#(["0", "2", "\"1\"", "null", "1.5"][index % 5]),"type":"submit"}"#.utf8)
        case 8:
            return Array(
                #"{"v":1,"type":"submit","id":"\#(uuid)","survey":"haocaiping-followup","version":1,"answers":{"rated":"\#(String(repeating: "是", count: 300))","satisfaction":4}}"#
                    .utf8)
        case 9:
            return Array(
                #"{"v":1,"type":"submit","id":"\#(uuid)","survey":"haocaiping-followup","version":1,"answers":{"why_not":["unaware","unaware"],"rated":false}}"#
                    .utf8)
        case 10: return Array(#"{"v":1,"type":"submit","id":"\#(uuid)","id":"x","survey":"haocaiping-followup"}"#.utf8)
        default:
            return Array(#"{"v":1,"type":"received","survey":"\#(String(repeating: "x", count: Int.random(in: 0...3000, using: &random)))","version":-1}"#.utf8)
        }
    }

    @Test func aThousandMalformedMessagesWhileGoodClientsSubmit() throws {
        let server = try ServerProcess(demoRoster: 30, arguments: ["--messages-per-second", "100000"])
        try server.launch("haocaiping-followup.yaml")
        let tokens = try server.tokens()
        let port = server.port
        let acked = Mutex<[String]>([])
        let failures = Mutex<[String]>([])
        let group = DispatchGroup()
        for worker in 0..<4 {
            let mine = Array(tokens[(1 + worker * 7)..<(1 + worker * 7 + 7)].map(\.token))
            DispatchQueue.global().async(group: group) {
                for token in mine {
                    do {
                        let client = try WebSocketTestClient(port: port)
                        _ = try client.hello(token: token)
                        let id = UUID().uuidString.lowercased()
                        try client.send(json: submitMessage(id: id))
                        let ack = try client.receive(type: "ack")
                        acked.withLock { $0.append(ack["id"] as? String ?? "") }
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                    }
                }
            }
        }
        // A generous wait per reply: on a loaded two-core machine running every suite at once the
        // server can be slow; a reply that never comes still fails, with the server's log.
        let attacker = try WebSocketTestClient(port: port, timeout: 30)
        _ = try attacker.hello(token: tokens[0].token)
        var random = SystemRandomNumberGenerator()
        var answered = 0
        for index in 0..<1_200 {
            let bytes = Self.malformed(index, random: &random)
            if index % 37 == 0 {
                try attacker.sendFragmented(bytes, parts: 3)
            } else {
                try attacker.sendFrame(opcode: 0x1, payload: bytes, fin: true)
            }
            let reply: [String: Any]
            let sent = Date()
            do {
                reply = try attacker.receiveJSON()
            } catch {
                let log = (try? server.log()).map { String($0.suffix(2000)) } ?? "(no log)"
                throw WebSocketTestClient.Failure(
                    description: "message \(index) (\(bytes.count) bytes) got no reply after \(Int(Date().timeIntervalSince(sent))) s (\(error)): "
                        + "\(String(decoding: bytes.prefix(300), as: UTF8.self))\nserver log:\n\(log)")
            }
            if reply["type"] as? String == "error" {
                let code = reply["code"] as? String ?? "?"
                #expect(Self.knownCodes.contains(code), "message \(index): \(code)")
                answered += 1
            } else {
                #expect(reply["type"] as? String == "ack", "message \(index) gave \(reply)")
            }
        }
        #expect(answered >= 1_000)
        group.wait()
        #expect(failures.withLock { $0 }.isEmpty)
        let ids = acked.withLock { $0 }
        #expect(ids.count == 28)
        for id in ids { #expect(try server.count("SELECT COUNT(*) FROM submissions WHERE id = ?", [id]) == 1) }
        // And the attacker's connection still works.
        try attacker.send(json: ["v": 1, "type": "opened", "survey": "haocaiping-followup", "version": 1])
        try attacker.send(json: ["v": 1, "type": "opened", "survey": "nope", "version": 1])
        #expect(try attacker.receive(type: "error")["code"] as? String == "unknown_survey")
    }
}
