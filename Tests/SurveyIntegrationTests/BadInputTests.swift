import Foundation
import Testing

/// Every bad input gets a typed error, and the server goes on serving everyone else.
@Suite(.serialized)
struct BadInputTests {
    /// (what is sent, the error code expected). All on one authenticated connection, which survives.
    static let badMessages: [(String, String)] = [
        ("{not json", "bad_json"),
        ("[1, 2, 3]", "bad_json"),
        (#"{"type":"submit"}"#, "bad_message"),
        (#"{"v":2,"type":"hello","token":"x"}"#, "unsupported_version"),
        (#"{"v":1,"type":"launch"}"#, "unknown_type"),
        (#"{"v":1,"type":"hello","token":"again"}"#, "already_authenticated"),
        (#"{"v":1,"type":"submit","id":"not-a-uuid","survey":"haocaiping-followup","version":1,"answers":{}}"#, "bad_message"),
        (#"{"v":1,"type":"submit","id":"7d9f7e0a-0b7c-4d55-9a57-0c6a1b2c3d4e","survey":"no-such-survey","version":1,"answers":{}}"#, "unknown_survey"),
        (#"{"v":1,"type":"submit","id":"7d9f7e0a-0b7c-4d55-9a57-0c6a1b2c3d4e","survey":"haocaiping-followup","version":9,"answers":{}}"#, "unknown_version"),
        (
            #"{"v":1,"type":"submit","id":"7d9f7e0a-0b7c-4d55-9a57-0c6a1b2c3d4e","survey":"haocaiping-followup","version":1,"answers":{"rated":true,"satisfaction":3,"bogus":1}}"#,
            "unknown_question"
        ),
        (
            #"{"v":1,"type":"submit","id":"7d9f7e0a-0b7c-4d55-9a57-0c6a1b2c3d4e","survey":"haocaiping-followup","version":1,"answers":{"rated":"yes","satisfaction":3}}"#,
            "invalid_answer"
        ),
        (
            #"{"v":1,"type":"submit","id":"7d9f7e0a-0b7c-4d55-9a57-0c6a1b2c3d4e","survey":"haocaiping-followup","version":1,"answers":{"rated":true,"satisfaction":9}}"#,
            "invalid_answer"
        ),
        (
            #"{"v":1,"type":"submit","id":"7d9f7e0a-0b7c-4d55-9a57-0c6a1b2c3d4e","survey":"haocaiping-followup","version":1,"answers":{"rated":false,"why_not":"fax"}}"#,
            "invalid_answer"
        ),
        (
            #"{"v":1,"type":"submit","id":"7d9f7e0a-0b7c-4d55-9a57-0c6a1b2c3d4e","survey":"haocaiping-followup","version":1,"answers":{"rated":true,"satisfaction":3,"days":1e999}}"#,
            "invalid_answer"
        ),
        (
            #"{"v":1,"type":"submit","id":"7d9f7e0a-0b7c-4d55-9a57-0c6a1b2c3d4e","survey":"haocaiping-followup","version":1,"answers":{"rated":true}}"#,
            "missing_answer"
        ),
        (
            #"{"v":1,"type":"submit","id":"7d9f7e0a-0b7c-4d55-9a57-0c6a1b2c3d4e","survey":"haocaiping-followup","version":1,"answers":{"rated":true,"satisfaction":{"deep":[[[1]]]}}}"#,
            "invalid_answer"
        ),
        (#"{"v":1,"type":"opened","survey":"ghost","version":1}"#, "unknown_survey"),
    ]

    @Test func eachMalformedMessageGetsItsTypedErrorAndTheConnectionLives() throws {
        let server = try ServerProcess(demoRoster: 3)
        try server.launch("haocaiping-followup.yaml")
        let (client, _) = try server.supervisor(0)
        for (text, code) in Self.badMessages {
            try client.send(text)
            let error = try client.receive(type: "error")
            #expect(error["code"] as? String == code, "for \(text)")
            #expect((error["message"] as? String)?.isEmpty == false)
        }
        // Binary frames (invalid UTF-8 closes with 1007: see ConformanceTests).
        try client.sendBinary([1, 2, 3])
        #expect(try client.receive(type: "error")["code"] as? String == "bad_message")
        // The same connection still submits, in fragments.
        let id = UUID().uuidString.lowercased()
        let message = try JSONSerialization.data(withJSONObject: submitMessage(id: id))
        try client.sendFragmented(Array(message), parts: 4)
        #expect(try client.receive(type: "ack")["id"] as? String == id)
        #expect(try server.count("SELECT COUNT(*) FROM submissions") == 1)
    }

    @Test func anInvalidAnswerNamesTheQuestion() throws {
        let server = try ServerProcess(demoRoster: 3)
        try server.launch("haocaiping-followup.yaml")
        let (client, _) = try server.supervisor(0)
        var answers = followupAnswers
        answers["satisfaction"] = 7
        try client.send(json: submitMessage(answers: answers))
        let error = try client.receive(type: "error")
        #expect(error["code"] as? String == "invalid_answer")
        #expect(error["question"] as? String == "satisfaction")
        #expect((error["message"] as? String)?.contains("评分") == true)
    }

    @Test func unauthenticatedAndBadTokenConnectionsAreRefused() throws {
        let server = try ServerProcess(demoRoster: 3)
        try server.launch("haocaiping-followup.yaml")
        let anonymous = try WebSocketTestClient(port: server.port)
        try anonymous.send(json: submitMessage())
        #expect(try anonymous.receive(type: "error")["code"] as? String == "not_authenticated")
        let impostor = try WebSocketTestClient(port: server.port)
        try impostor.send(json: ["v": 1, "type": "hello", "token": "00000000000000000000000000000000"])
        #expect(try impostor.receive(type: "error")["code"] as? String == "bad_token")
        #expect(try impostor.receive() == .close(code: 4401))
        #expect(try server.count("SELECT COUNT(*) FROM submissions") == 0)
    }

    @Test func anOversizedMessageClosesWith1009WhileOthersAreServed() throws {
        let server = try ServerProcess(demoRoster: 3)
        try server.launch("haocaiping-followup.yaml")
        let (good, _) = try server.supervisor(1)
        let (flooder, _) = try server.supervisor(0)
        let huge = Array(#"{"v":1,"type":"submit","pad":""#.utf8) + [UInt8](repeating: 0x61, count: 70 * 1024) + Array(#""}"#.utf8)
        try flooder.sendFragmented(huge, parts: 8)
        #expect(try flooder.receive() == .close(code: 1009))
        let id = UUID().uuidString.lowercased()
        try good.send(json: submitMessage(id: id))
        #expect(try good.receive(type: "ack")["id"] as? String == id)
    }

    @Test func aSecondSubmissionForTheSameSurveyIsRefused() throws {
        let server = try ServerProcess(demoRoster: 3)
        try server.launch("haocaiping-followup.yaml")
        let (client, _) = try server.supervisor(0)
        try client.send(json: submitMessage())
        _ = try client.receive(type: "ack")
        try client.send(json: submitMessage())
        #expect(try client.receive(type: "error")["code"] as? String == "already_submitted")
        #expect(try server.count("SELECT COUNT(*) FROM submissions") == 1)
    }
}
